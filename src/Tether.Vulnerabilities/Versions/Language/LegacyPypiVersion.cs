using System.Globalization;
using System.Text;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// The sort key pypa/packaging gave a string that is not PEP 440 (<c>LegacyVersion</c>, removed in
/// packaging 22 but what pip's vendored packaging 21.3 and OSV's own tooling still apply; OSV PyPI data
/// holds such versions). The key is setuptools' pre-PEP 440 scheme: the lower-cased string split into
/// runs of digits, of a-z, dots and dashes; numbers zero-padded to 8, words prefixed with <c>*</c>;
/// pre/preview/rc → c, dev → @, - → final-; trailing zeros and dangling final- dropped; <c>*final</c>
/// appended. Every legacy version sorts before every PEP 440 version (epoch -1).
/// </summary>
internal static class LegacyPypiVersion
{
    public static List<string> Key(string version)
    {
        var parts = new List<string>();
        foreach (var part in Parts(PythonText.Lower(version)))
        {
            if (part.StartsWith('*'))
            {
                // Remove "-" before a pre-release tag, and trailing zeros of each run of numbers.
                if (DecimalText.CompareCodePoints(part, "*final") < 0)
                {
                    while (parts.Count > 0 && parts[^1] == "*final-")
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }
                }

                while (parts.Count > 0 && parts[^1] == "00000000")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }

            parts.Add(part);
        }

        return parts;
    }

    public static int Compare(List<string> a, List<string> b)
    {
        var n = Math.Min(a.Count, b.Count);
        for (var i = 0; i < n; i++)
        {
            var order = DecimalText.CompareCodePoints(a[i], b[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    // re.split(r"(\d+|[a-z]+|\.|-)", s): the matches and the text between them, in order.
    private static IEnumerable<string> Parts(string text)
    {
        var between = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var kind = Kind(text, i);
            if (kind == TokenKind.Other)
            {
                between.Append(text, i, RuneLength(text, i));
                i += RuneLength(text, i);
                continue;
            }

            if (Emit(between.ToString()) is { } pending)
            {
                yield return pending;
            }

            between.Clear();
            var start = i;
            if (kind is TokenKind.Dot or TokenKind.Dash)
            {
                i++;
            }
            else
            {
                while (i < text.Length && Kind(text, i) == kind)
                {
                    i += RuneLength(text, i);
                }
            }

            if (Emit(text[start..i]) is { } token)
            {
                yield return token;
            }
        }

        if (Emit(between.ToString()) is { } last)
        {
            yield return last;
        }

        yield return "*final";
    }

    // _parse_version_parts for one piece: replace, skip empty and ".", pad numbers, prefix words.
    private static string? Emit(string part)
    {
        part = part switch
        {
            "pre" or "preview" or "rc" => "c",
            "-" => "final-",
            "dev" => "@",
            _ => part,
        };
        if (part.Length == 0 || part == ".")
        {
            return null;
        }

        if (DecimalText.IsAsciiDigit(part[0]))
        {
            // str.zfill(8) counts code points.
            var codePoints = part.EnumerateRunes().Count();
            return codePoints >= 8 ? part : new string('0', 8 - codePoints) + part;
        }

        return "*" + part;
    }

    private enum TokenKind
    {
        Other,
        Digits,
        Letters,
        Dot,
        Dash,
    }

    private static TokenKind Kind(string text, int i)
    {
        var c = text[i];
        if (c is >= 'a' and <= 'z')
        {
            return TokenKind.Letters;
        }

        return c switch
        {
            '.' => TokenKind.Dot,
            '-' => TokenKind.Dash,
            // Python's \d is any Unicode decimal digit, also beyond the BMP.
            _ => Rune.TryGetRuneAt(text, i, out var rune) && Rune.GetUnicodeCategory(rune) == UnicodeCategory.DecimalDigitNumber
                ? TokenKind.Digits
                : TokenKind.Other,
        };
    }

    private static int RuneLength(string text, int i) => Rune.TryGetRuneAt(text, i, out var rune) ? rune.Utf16SequenceLength : 1;
}
