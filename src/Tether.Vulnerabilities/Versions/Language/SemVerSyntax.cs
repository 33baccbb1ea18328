using System.Diagnostics.CodeAnalysis;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// The SemVer 2.0 grammar pieces shared by the Go and crates.io parsers (node-semver has its own, see
/// <see cref="NpmVersionScheme"/>): numeric identifiers without leading zeros and dot-separated
/// identifiers of <c>[0-9A-Za-z-]</c>. Errors say what was wrong and where.
/// </summary>
internal static class SemVerSyntax
{
    public static bool Number(string text, ref int i, string what, out (int Start, int Length) number, [NotNullWhen(false)] out string? error)
    {
        var length = DecimalText.DigitRun(text, i);
        number = (i, length);
        if (length == 0)
        {
            error = i < text.Length ? $"{what} version expected at offset {i}, found '{text[i]}'" : $"{what} version missing";
            return false;
        }

        if (length > 1 && text[i] == '0')
        {
            error = $"{what} version has a leading zero";
            return false;
        }

        i += length;
        error = null;
        return true;
    }

    // Dot-separated non-empty identifiers of [0-9A-Za-z-] after the '-' or '+' at text[i].
    public static bool Identifiers(string text, ref int i, string what, bool rejectLeadingZeros, [NotNullWhen(false)] out string? error)
    {
        var stopAtPlus = what == "pre-release";
        i++;
        while (true)
        {
            var end = i;
            while (end < text.Length && (DecimalText.IsAsciiLetterOrDigit(text[end]) || text[end] == '-'))
            {
                end++;
            }

            var identifier = text.AsSpan(i, end - i);
            if (identifier.IsEmpty)
            {
                error = end < text.Length && text[end] != '.' && !(stopAtPlus && text[end] == '+')
                    ? $"invalid character '{text[end]}' in {what}"
                    : $"empty identifier in {what}";
                return false;
            }

            if (rejectLeadingZeros && identifier.Length > 1 && identifier[0] == '0' && DecimalText.IsAsciiDigits(identifier))
            {
                error = $"numeric {what} identifier '{identifier}' has a leading zero";
                return false;
            }

            i = end;
            if (i < text.Length && text[i] == '.')
            {
                i++;
                continue;
            }

            if (i < text.Length && !(stopAtPlus && text[i] == '+'))
            {
                error = $"invalid character '{text[i]}' in {what}";
                return false;
            }

            error = null;
            return true;
        }
    }
}
