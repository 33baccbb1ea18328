namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// Arbitrary-length decimal numbers compared as text, without parsing them into a fixed-width integer:
/// the reference implementations (Go, pypa/packaging, RubyGems, Maven) accept numbers of any size, and
/// advisory data holds date-like components (<c>20190126230843</c>) wider than any machine integer.
/// </summary>
internal static class DecimalText
{
    public static bool IsAsciiDigit(char c) => c is >= '0' and <= '9';

    public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsAsciiLetterOrDigit(char c) => IsAsciiDigit(c) || IsAsciiLetter(c);

    /// <summary>True when <paramref name="text"/> is non-empty and every character is an ASCII digit.</summary>
    public static bool IsAsciiDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Numeric comparison of two ASCII digit strings; leading zeros do not count.</summary>
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        if (a.Length != b.Length)
        {
            return a.Length < b.Length ? -1 : 1;
        }

        return Math.Sign(a.SequenceCompareTo(b));
    }

    /// <summary>Whether an ASCII digit string is zero (empty counts as zero).</summary>
    public static bool IsZero(ReadOnlySpan<char> digits) => digits.TrimStart('0').IsEmpty;

    /// <summary>Length of the run of ASCII digits starting at <paramref name="start"/>.</summary>
    public static int DigitRun(ReadOnlySpan<char> text, int start)
    {
        var i = start;
        while (i < text.Length && IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i - start;
    }

    /// <summary>Compares by Unicode code point, as Python, Go and Ruby compare strings (UTF-16 order differs above U+D7FF).</summary>
    public static int CompareCodePoints(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return CodePointRank(a[i]) < CodePointRank(b[i]) ? -1 : 1;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    // Surrogates encode code points above U+FFFF, so they sort after every other UTF-16 unit.
    private static int CodePointRank(char c) => char.IsSurrogate(c) ? c + 0x10000 : c;
}
