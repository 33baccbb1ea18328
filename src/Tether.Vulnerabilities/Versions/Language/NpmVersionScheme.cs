using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// npm versions exactly as node-semver's <c>semver.compare(a, b)</c> with default options: strict
/// (non-loose) parsing of <c>MAJOR.MINOR.PATCH[-PRE][+BUILD]</c> after trimming white space, an optional
/// lower-case <c>v</c> (but not <c>=</c>, which only loose mode takes), at most 256 characters,
/// major/minor/patch at most <c>Number.MAX_SAFE_INTEGER</c>; build metadata ignored.
/// node-semver compares all-digit pre-release identifiers as JavaScript numbers, so two identifiers
/// of 16+ digits that round to the same double compare equal — and end the comparison there. That is
/// reproduced on purpose: Tether answers what npm answers.
/// </summary>
public sealed class NpmVersionScheme : IVersionScheme
{
    private const int MaxLength = 256;
    private const long MaxSafeInteger = 9007199254740991;

    public string Name => "npm";

    public string Reference => "node-semver 7.7.2 semver.compare (strict parsing, options unset)";

    public bool IsValid(string version, [NotNullWhen(false)] out string? error) => TryParse(version, out _, out error);

    public int Compare(string a, string b)
    {
        var x = Parse(a);
        var y = Parse(b);
        var order = x.Major.CompareTo(y.Major);
        if (order == 0)
        {
            order = x.Minor.CompareTo(y.Minor);
        }

        if (order == 0)
        {
            order = x.Patch.CompareTo(y.Patch);
        }

        return order != 0 ? order : ComparePrerelease(a.AsSpan(x.PreStart, x.PreLength), b.AsSpan(y.PreStart, y.PreLength));
    }

    // SemVer.prototype.comparePre: the first identifiers that differ decide, through compareIdentifiers.
    private static int ComparePrerelease(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return a.IsEmpty == b.IsEmpty ? 0 : a.IsEmpty ? 1 : -1;
        }

        while (true)
        {
            var x = SemVerPrecedence.NextIdentifier(ref a, out var aMore);
            var y = SemVerPrecedence.NextIdentifier(ref b, out var bMore);

            // Strict parsing forbids leading zeros, so equal text is exactly node's `a === b`.
            if (!x.SequenceEqual(y))
            {
                return CompareIdentifiers(x, y);
            }

            if (!aMore || !bMore)
            {
                return aMore == bMore ? 0 : aMore ? 1 : -1;
            }
        }
    }

    // internal/identifiers.js compareIdentifiers: numeric ones as JavaScript numbers (+a), below the others,
    // which compare as strings.
    private static int CompareIdentifiers(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        var xNumeric = DecimalText.IsAsciiDigits(x);
        var yNumeric = DecimalText.IsAsciiDigits(y);
        if (xNumeric != yNumeric)
        {
            return xNumeric ? -1 : 1;
        }

        if (!xNumeric)
        {
            return Math.Sign(x.SequenceCompareTo(y));
        }

        if (x.Length <= 15 && y.Length <= 15)
        {
            // Exact as doubles; no leading zeros, so length then text is numeric order.
            return x.Length != y.Length ? (x.Length < y.Length ? -1 : 1) : Math.Sign(x.SequenceCompareTo(y));
        }

        // .NET parses decimal text to the nearest double, as JavaScript's unary + does.
        var dx = double.Parse(x, NumberStyles.None, CultureInfo.InvariantCulture);
        var dy = double.Parse(y, NumberStyles.None, CultureInfo.InvariantCulture);
        return dx.CompareTo(dy);
    }

    private NpmParts Parse(string version) =>
        TryParse(version, out var parts, out var error) ? parts : throw new VersionFormatException(version, Name, error);

    private static bool TryParse(string version, out NpmParts parts, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(version);
        parts = default;
        if (version.Length > MaxLength)
        {
            error = $"longer than {MaxLength} characters";
            return false;
        }

        var end = version.Length;
        var i = 0;
        while (i < end && IsJavaScriptWhiteSpace(version[i]))
        {
            i++;
        }

        while (end > i && IsJavaScriptWhiteSpace(version[end - 1]))
        {
            end--;
        }

        var text = version[..end];
        if (i < end && text[i] == 'v')
        {
            i++;
        }

        if (!Component(text, ref i, "major", out var major, out error) || !Dot(text, ref i, "major", out error)
            || !Component(text, ref i, "minor", out var minor, out error) || !Dot(text, ref i, "minor", out error)
            || !Component(text, ref i, "patch", out var patch, out error))
        {
            return false;
        }

        var pre = (Start: i, Length: 0);
        if (i < end && text[i] == '-')
        {
            if (!SemVerSyntax.Identifiers(text, ref i, "pre-release", rejectLeadingZeros: true, out error))
            {
                return false;
            }

            pre = (pre.Start + 1, i - pre.Start - 1);
        }

        if (i < end && text[i] == '+' && !SemVerSyntax.Identifiers(text, ref i, "build metadata", rejectLeadingZeros: false, out error))
        {
            return false;
        }

        if (i < end)
        {
            error = $"unexpected '{text[i]}' at offset {i}";
            return false;
        }

        parts = new NpmParts(major, minor, patch, pre.Start, pre.Length);
        return true;
    }

    private static bool Component(string text, ref int i, string what, out long value, [NotNullWhen(false)] out string? error)
    {
        value = 0;
        if (!SemVerSyntax.Number(text, ref i, what, out var number, out error))
        {
            return false;
        }

        // node-semver: `+m[1] > MAX_SAFE_INTEGER` → "Invalid major version".
        if (number.Length > 16 || !long.TryParse(text.AsSpan(number.Start, number.Length), out value) || value > MaxSafeInteger)
        {
            error = $"{what} version exceeds Number.MAX_SAFE_INTEGER ({MaxSafeInteger})";
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

    // String.prototype.trim: ECMAScript WhiteSpace and LineTerminator (U+FEFF yes, U+0085 no).
    private static bool IsJavaScriptWhiteSpace(char c) =>
        c is '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u00A0' or '\u1680' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' or '\uFEFF'
        || c is >= '\u2000' and <= '\u200A';

    private readonly record struct NpmParts(long Major, long Minor, long Patch, int PreStart, int PreLength);
}
