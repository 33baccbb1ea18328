using System.Text;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// A PEP 440 version as pypa/packaging's <c>Version</c> reads it, held as positions in the original
/// string so that parsing and comparing allocate nothing on the common path. The matcher mirrors
/// packaging's <c>VERSION_PATTERN</c> (re.VERBOSE | re.IGNORECASE, surrounded by <c>\s*</c>) with Python's
/// backtracking order, so ambiguous spellings (<c>1.0a-1</c> is <c>1.0a1</c>, not <c>1.0a0.post1</c>)
/// resolve as in Python. Python's case-insensitive match also lets U+0130/U+0131 stand for <c>i</c>,
/// U+017F for <c>s</c> and U+212A for <c>k</c>; those spellings are kept as Python keeps them.
/// </summary>
internal struct Pep440Version
{
    public int EpochStart;
    public int EpochLength;
    public int ReleaseStart;
    public int ReleaseEnd;
    public Segment Pre;
    public Segment Post;
    public Segment Dev;
    public int LocalStart;
    public int LocalEnd;

    /// <summary>A pre, post or dev segment: present or not, its normalized label and its number's digits.</summary>
    public struct Segment
    {
        public bool Present;
        public string Label;
        public int NumberStart;
        public int NumberLength;
    }

    public readonly bool HasLocal => LocalEnd > LocalStart;

    public static bool TryParse(string text, out Pep440Version version)
    {
        version = default;
        var start = 0;
        var end = text.Length;
        while (start < end && IsPythonSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsPythonSpace(text[end - 1]))
        {
            end--;
        }

        var pos = start;
        if (pos < end && (text[pos] | 0x20) == 'v')
        {
            pos++;
        }

        var epochDigits = DigitRun(text, pos, end);
        if (epochDigits > 0 && pos + epochDigits < end && text[pos + epochDigits] == '!')
        {
            version.EpochStart = pos;
            version.EpochLength = epochDigits;
            pos += epochDigits + 1;
        }

        var releaseDigits = DigitRun(text, pos, end);
        if (releaseDigits == 0)
        {
            return false;
        }

        version.ReleaseStart = pos;
        pos += releaseDigits;
        while (pos + 1 < end && text[pos] == '.' && DecimalText.IsAsciiDigit(text[pos + 1]))
        {
            pos += 1 + DigitRun(text, pos + 1, end);
        }

        version.ReleaseEnd = pos;
        var matcher = new Matcher(text, end);
        return matcher.MatchPre(pos, ref version);
    }

    /// <summary>Python's <c>str.isspace</c>, which is what <c>\s</c> matches in a str pattern.</summary>
    public static bool IsPythonSpace(char c) =>
        c is (>= '\t' and <= '\r') or (>= '\x1c' and <= ' ') or '\x85' or '\xa0' or '\u1680' or (>= '\u2000' and <= '\u200a')
            or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000';

    private static int DigitRun(string text, int pos, int end)
    {
        var i = pos;
        while (i < end && DecimalText.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i - pos;
    }

    /// <summary>
    /// The optional pre, post, dev and local parts, each tried in the regex's priority order (optional
    /// separators greedy, label alternatives left to right) and accepted only when the rest matches too.
    /// </summary>
    private readonly struct Matcher(string text, int end)
    {
        private static readonly string[] PreLabels = ["a", "b", "c", "rc", "alpha", "beta", "pre", "preview"];
        private static readonly string[] PostLabels = ["post", "rev", "r"];

        public bool MatchPre(int pos, ref Pep440Version version)
        {
            for (var sep = Separator(pos); sep >= 0; sep--)
            {
                var p = pos + sep;
                foreach (var label in PreLabels)
                {
                    if (!Word(p, label))
                    {
                        continue;
                    }

                    var q = p + label.Length;
                    for (var sep2 = Separator(q); sep2 >= 0; sep2--)
                    {
                        var r = q + sep2;
                        var n = DigitRun(text, r, end);
                        if (MatchPost(r + n, ref version))
                        {
                            version.Pre = new Segment { Present = true, Label = NormalizeLabel(p, q), NumberStart = r, NumberLength = n };
                            return true;
                        }
                    }
                }
            }

            return MatchPost(pos, ref version);
        }

        private bool MatchPost(int pos, ref Pep440Version version)
        {
            // Implicit post release: 1.0-1.
            if (pos < end && text[pos] == '-')
            {
                var n = DigitRun(text, pos + 1, end);
                if (n > 0 && MatchDev(pos + 1 + n, ref version))
                {
                    version.Post = new Segment { Present = true, Label = "post", NumberStart = pos + 1, NumberLength = n };
                    return true;
                }
            }

            for (var sep = Separator(pos); sep >= 0; sep--)
            {
                var p = pos + sep;
                foreach (var label in PostLabels)
                {
                    if (!Word(p, label))
                    {
                        continue;
                    }

                    var q = p + label.Length;
                    for (var sep2 = Separator(q); sep2 >= 0; sep2--)
                    {
                        var r = q + sep2;
                        var n = DigitRun(text, r, end);
                        if (MatchDev(r + n, ref version))
                        {
                            version.Post = new Segment { Present = true, Label = NormalizeLabel(p, q), NumberStart = r, NumberLength = n };
                            return true;
                        }
                    }
                }
            }

            return MatchDev(pos, ref version);
        }

        private bool MatchDev(int pos, ref Pep440Version version)
        {
            for (var sep = Separator(pos); sep >= 0; sep--)
            {
                var p = pos + sep;
                if (!Word(p, "dev"))
                {
                    continue;
                }

                var q = p + 3;
                for (var sep2 = Separator(q); sep2 >= 0; sep2--)
                {
                    var r = q + sep2;
                    var n = DigitRun(text, r, end);
                    if (MatchLocal(r + n, ref version))
                    {
                        version.Dev = new Segment { Present = true, Label = "dev", NumberStart = r, NumberLength = n };
                        return true;
                    }
                }
            }

            return MatchLocal(pos, ref version);
        }

        // (?:\+(?P<local>[a-z0-9]+(?:[-_\.][a-z0-9]+)*))? then the end of the (trimmed) string.
        private bool MatchLocal(int pos, ref Pep440Version version)
        {
            if (pos < end && text[pos] == '+')
            {
                var start = pos + 1;
                var q = start + LocalRun(start);
                if (q > start)
                {
                    while (q + 1 < end && IsSeparator(text[q]) && LocalRun(q + 1) > 0)
                    {
                        q += 1 + LocalRun(q + 1);
                    }

                    if (q == end)
                    {
                        version.LocalStart = start;
                        version.LocalEnd = q;
                        return true;
                    }
                }
            }

            return pos == end;
        }

        private int LocalRun(int pos)
        {
            var i = pos;
            while (i < end && (DecimalText.IsAsciiDigit(text[i]) || IsLetterIgnoreCase(text[i])))
            {
                i++;
            }

            return i - pos;
        }

        private int Separator(int pos) => pos < end && IsSeparator(text[pos]) ? 1 : 0;

        private bool Word(int pos, string word)
        {
            if (pos + word.Length > end)
            {
                return false;
            }

            for (var k = 0; k < word.Length; k++)
            {
                if (!MatchesLetter(text[pos + k], word[k]))
                {
                    return false;
                }
            }

            return true;
        }

        // _parse_letter_version: lower-case, then alpha→a, beta→b, c/pre/preview→rc, rev/r→post.
        private string NormalizeLabel(int start, int stop)
        {
            var label = text.AsSpan(start, stop - start);
            if (!Ascii.IsValid(label))
            {
                // Only Python's case-insensitive non-ASCII matches get here (poſt, prevıew): they stay
                // spelled as Python lower-cases them and compare as strings, as packaging does.
                return Normalize(PythonText.Lower(label));
            }

            Span<char> lower = stackalloc char[label.Length];
            Ascii.ToLower(label, lower, out _);
            return Normalize(lower);
        }

        private static string Normalize(ReadOnlySpan<char> label) => label switch
        {
            "a" or "alpha" => "a",
            "b" or "beta" => "b",
            "c" or "pre" or "preview" or "rc" => "rc",
            "post" or "rev" or "r" => "post",
            "dev" => "dev",
            _ => label.ToString(),
        };
    }

    public static bool IsSeparator(char c) => c is '-' or '_' or '.';

    /// <summary>Whether <paramref name="c"/> matches the ASCII letter <paramref name="lower"/> under Python's re.IGNORECASE.</summary>
    public static bool MatchesLetter(char c, char lower) =>
        (c < 0x80 && (c | 0x20) == lower)
        || (lower == 'i' && c is '\u0130' or '\u0131')
        || (lower == 's' && c == '\u017f')
        || (lower == 'k' && c == '\u212a');

    /// <summary>Whether <paramref name="c"/> matches <c>[a-z]</c> under Python's re.IGNORECASE.</summary>
    public static bool IsLetterIgnoreCase(char c) =>
        DecimalText.IsAsciiLetter(c) || c is '\u0130' or '\u0131' or '\u017f' or '\u212a';
}
