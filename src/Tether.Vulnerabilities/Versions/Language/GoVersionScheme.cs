using System.Diagnostics.CodeAnalysis;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// Go module versions, exactly as <c>golang.org/x/mod/semver</c> parses and compares them: SemVer 2.0 with
/// a <c>v</c> prefix, the <c>vMAJOR</c> and <c>vMAJOR.MINOR</c> shorthands (meaning <c>.0</c>), numbers of
/// any size, build metadata (<c>+incompatible</c>) ignored, pseudo-versions ordered by their pre-release.
/// OSV's Go records write versions without the <c>v</c> (<c>0.0.0-20220314234659-1baeb1ce4c0b</c>), so a
/// version without it is read as if it had one; <c>V</c> or a doubled <c>vv</c> stay invalid as in Go.
/// </summary>
public sealed class GoVersionScheme : IVersionScheme
{
    public string Name => "Go";

    public string Reference => "golang.org/x/mod/semver (Compare/IsValid; unchanged since x/mod v0.7.0, the Debian-packaged copy), 'v' optional";

    public bool IsValid(string version, [NotNullWhen(false)] out string? error) => TryParse(version, out _, out error);

    public int Compare(string a, string b)
    {
        var x = Parse(a);
        var y = Parse(b);
        return SemVerParts.ComparePrecedence(a, x, b, y);
    }

    private SemVerParts Parse(string version) =>
        TryParse(version, out var parts, out var error) ? parts : throw new VersionFormatException(version, Name, error);

    private static bool TryParse(string version, out SemVerParts parts, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(version);
        parts = default;
        var i = version.StartsWith('v') ? 1 : 0;
        if (!SemVerSyntax.Number(version, ref i, "major", out var major, out error))
        {
            return false;
        }

        var minor = (Start: i, Length: 0);
        var patch = (Start: i, Length: 0);
        if (i < version.Length && version[i] == '.')
        {
            i++;
            if (!SemVerSyntax.Number(version, ref i, "minor", out minor, out error))
            {
                return false;
            }

            patch = (i, 0);
            if (i < version.Length && version[i] == '.')
            {
                i++;
                if (!SemVerSyntax.Number(version, ref i, "patch", out patch, out error))
                {
                    return false;
                }
            }
            else if (i < version.Length)
            {
                // x/mod/semver: the shorthands end right after the number; "v1.2-pre" is invalid.
                error = $"unexpected '{version[i]}' after minor version (only vMAJOR.MINOR.PATCH may carry a pre-release or build)";
                return false;
            }
        }
        else if (i < version.Length)
        {
            error = $"unexpected '{version[i]}' after major version";
            return false;
        }

        var pre = (Start: i, Length: 0);
        if (i < version.Length && version[i] == '-')
        {
            if (!SemVerSyntax.Identifiers(version, ref i, "pre-release", rejectLeadingZeros: true, out error))
            {
                return false;
            }

            pre = (pre.Start + 1, i - pre.Start - 1);
        }

        if (i < version.Length && version[i] == '+' && !SemVerSyntax.Identifiers(version, ref i, "build metadata", rejectLeadingZeros: false, out error))
        {
            return false;
        }

        if (i < version.Length)
        {
            error = $"unexpected '{version[i]}' at offset {i}";
            return false;
        }

        parts = new SemVerParts(major.Start, major.Length, minor.Start, minor.Length, patch.Start, patch.Length, pre.Start, pre.Length);
        return true;
    }
}
