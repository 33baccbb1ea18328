using System.Diagnostics.CodeAnalysis;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// crates.io versions as Cargo's <c>semver</c> crate parses them (<c>Version::parse</c>): exactly
/// <c>MAJOR.MINOR.PATCH</c> with 64-bit numbers and no leading zeros, no <c>v</c> prefix and no
/// surrounding white space, pre-release identifiers without leading zeros, build metadata free-form.
/// Ordering is SemVer precedence (<c>Version::cmp_precedence</c>): build metadata is ignored, as
/// RustSec and OSV ranges mean it. (The crate's <c>Ord</c> would order by build metadata last.)
/// </summary>
public sealed class CratesVersionScheme : IVersionScheme
{
    public string Name => "crates.io";

    public string Reference => "Rust semver crate 1.0 (Version::parse, precedence ordering; checked against 1.0.14 source)";

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
        var i = 0;
        if (!Number(version, ref i, "major", out var major, out error) || !Dot(version, ref i, "major", out error)
            || !Number(version, ref i, "minor", out var minor, out error) || !Dot(version, ref i, "minor", out error)
            || !Number(version, ref i, "patch", out var patch, out error))
        {
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

        if (i < version.Length && version[i] == '+'
            && !SemVerSyntax.Identifiers(version, ref i, "build metadata", rejectLeadingZeros: false, out error))
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

    private static bool Number(string text, ref int i, string what, out (int Start, int Length) number, [NotNullWhen(false)] out string? error)
    {
        if (!SemVerSyntax.Number(text, ref i, what, out number, out error))
        {
            return false;
        }

        // The crate parses into u64 and reports overflow.
        if (!ulong.TryParse(text.AsSpan(number.Start, number.Length), out _))
        {
            error = $"{what} version exceeds {ulong.MaxValue}";
            return false;
        }

        return true;
    }

    private static bool Dot(string text, ref int i, string after, [NotNullWhen(false)] out string? error)
    {
        if (i < text.Length && text[i] == '.')
        {
            i++;
            error = null;
            return true;
        }

        error = i < text.Length ? $"unexpected '{text[i]}' after {after} version" : $"version ends after {after} version (MAJOR.MINOR.PATCH required)";
        return false;
    }
}
