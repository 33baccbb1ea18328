using System.Diagnostics.CodeAnalysis;
using NuGet.Versioning;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// NuGet versions through NuGet.Versioning itself — the library the NuGet client and nuget.org use — so
/// the ordering is the reference by construction: <see cref="NuGetVersion.TryParse(string, out NuGetVersion?)"/>
/// (SemVer 2.0 plus the legacy fourth number and leading zeros) and <see cref="VersionComparer.Default"/>
/// (pre-release labels case-insensitive, build metadata ignored).
/// </summary>
public sealed class NuGetVersionScheme : IVersionScheme
{
    public string Name => "NuGet";

    public string Reference => $"NuGet.Versioning {typeof(NuGetVersion).Assembly.GetName().Version?.ToString(3)} (NuGetVersion.TryParse, VersionComparer.Default)";

    public bool IsValid(string version, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(version);
        error = NuGetVersion.TryParse(version, out _) ? null : Reason(version);
        return error is null;
    }

    public int Compare(string a, string b) => VersionComparer.Default.Compare(Parse(a), Parse(b));

    private NuGetVersion Parse(string version) =>
        NuGetVersion.TryParse(version, out var parsed) ? parsed : throw new VersionFormatException(version, Name, Reason(version));

    // NuGet.Versioning says only yes or no; name the usual causes so the message helps.
    private static string Reason(string version)
    {
        var core = version.Split('-', '+')[0];
        var numbers = core.Split('.');
        if (numbers.Length > 4)
        {
            return "more than four version numbers (NuGetVersion.TryParse)";
        }

        foreach (var number in numbers)
        {
            if (number.Length > 0 && number.All(DecimalText.IsAsciiDigit) && !int.TryParse(number, out _))
            {
                return $"version number {number} exceeds {int.MaxValue} (NuGetVersion.TryParse)";
            }
        }

        return "not a NuGet version: MAJOR[.MINOR[.PATCH[.REVISION]]][-PRERELEASE][+METADATA] with numbers (NuGetVersion.TryParse)";
    }
}
