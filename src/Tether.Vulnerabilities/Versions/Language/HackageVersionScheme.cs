using System.Diagnostics.CodeAnalysis;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// Hackage (Haskell) versions as Cabal's <c>Version</c> parser and <c>Ord</c> treat them: numbers
/// separated by dots, each without leading zeros and at most 9 digits (Cabal's
/// <c>versionDigitParser</c>), compared as lists (<c>1.0 &lt; 1.0.0</c>). Cabal still accepts and ignores
/// the deprecated tags (<c>1.0-beta</c>, with a warning); so does Tether. Checked against the OSV vectors
/// only: no Haskell toolchain is among the test dependencies.
/// </summary>
public sealed class HackageVersionScheme : IVersionScheme
{
    public string Name => "Hackage";

    public string Reference => "Cabal Distribution.Types.Version (parsec, Ord), tags ignored";

    public bool IsValid(string version, [NotNullWhen(false)] out string? error) => TryParse(version, out _, out error);

    public int Compare(string a, string b)
    {
        var x = Numbers(a);
        var y = Numbers(b);
        return NumericVersion.Compare(a.AsSpan(0, x), b.AsSpan(0, y), ".");
    }

    private int Numbers(string version) =>
        TryParse(version, out var length, out var error) ? length : throw new VersionFormatException(version, Name, error);

    // The length of the numeric part; tags ("-word") after it are accepted and ignored.
    private static bool TryParse(string version, out int length, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(version);
        length = 0;
        var i = 0;
        while (true)
        {
            var digits = DecimalText.DigitRun(version, i);
            if (digits == 0)
            {
                error = i < version.Length ? $"version number expected at offset {i}, found '{version[i]}'" : "version number missing";
                return false;
            }

            if (digits > 1 && version[i] == '0')
            {
                error = "version number with a leading zero";
                return false;
            }

            if (digits > 9)
            {
                error = "at most 9 digits are allowed per version number part";
                return false;
            }

            i += digits;
            if (i + 1 < version.Length && version[i] == '.')
            {
                i++;
                continue;
            }

            break;
        }

        length = i;
        while (i < version.Length && version[i] == '-')
        {
            var start = ++i;
            while (i < version.Length && char.IsLetterOrDigit(version[i]))
            {
                i++;
            }

            if (i == start)
            {
                error = $"empty tag at offset {start}";
                return false;
            }
        }

        error = i < version.Length ? $"unexpected '{version[i]}' at offset {i}" : null;
        return error is null;
    }
}
