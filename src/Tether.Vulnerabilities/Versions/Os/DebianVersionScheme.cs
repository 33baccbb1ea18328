using System.Diagnostics.CodeAnalysis;

namespace Tether.Vulnerabilities.Versions.Os;

/// <summary>
/// Debian package versions (also Ubuntu, through the family table), exactly as dpkg 1.21 reads and orders them.
/// Valid means "<c>dpkg --compare-versions</c> compares it": dpkg's errors make a version invalid; its warnings
/// (upstream not starting with a digit, characters outside dpkg's set) do not, because dpkg compares those.
/// </summary>
public sealed class DebianVersionScheme : IVersionScheme
{
    public string Name => "Debian";

    public string Reference =>
        "dpkg 1.21.22: parseversion (lib/dpkg/parsehelp.c) and verrevcmp (lib/dpkg/version.c), as dpkg --compare-versions runs them";

    public bool IsValid(string version, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(version);
        error = DebianVersion.TryParse(version, out _);
        return error is null;
    }

    public int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (DebianVersion.TryParse(a, out var left) is { } errorA)
        {
            throw new VersionFormatException(a, Name, errorA);
        }

        if (DebianVersion.TryParse(b, out var right) is { } errorB)
        {
            throw new VersionFormatException(b, Name, errorB);
        }

        return DebianVersion.Compare(left, right);
    }
}
