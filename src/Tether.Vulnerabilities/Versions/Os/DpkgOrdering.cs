namespace Tether.Vulnerabilities.Versions.Os;

/// <summary>
/// dpkg's <c>verrevcmp</c> over one version part (upstream or revision): alternating runs of non-digits,
/// compared character by character with <c>~</c> before the end of the part, the end before letters, letters
/// before everything else; and runs of digits, compared as numbers of any length (never parsed into an int).
/// </summary>
internal static class DpkgOrdering
{
    // dpkg maps a byte to this order; bytes of non-ASCII characters (UTF-8, >= 0x80) get their own value, which on
    // the signed-char platforms dpkg ships for (amd64, arm64 Debian builds) lies after the letters (<= 'z') and
    // before the other ASCII characters (c + 256). Any value strictly between keeps that ordering.
    private const int NonAscii = 128;

    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !VersionText.IsAsciiDigit(a[i])) || (j < b.Length && !VersionText.IsAsciiDigit(b[j])))
            {
                var ca = i < a.Length ? a[i] : '\0';
                var cb = j < b.Length ? b[j] : '\0';
                var oa = Order(ca);
                var ob = Order(cb);
                if (oa != ob)
                {
                    return oa - ob;
                }

                if (ca != cb)
                {
                    // Two different non-ASCII characters: dpkg compares their UTF-8 bytes, whose order is the code
                    // point order. Surrogates (code points above U+FFFF) sort after every other UTF-16 unit.
                    return CodePointKey(ca) - CodePointKey(cb);
                }

                i++;
                j++;
            }

            while (i < a.Length && a[i] == '0')
            {
                i++;
            }

            while (j < b.Length && b[j] == '0')
            {
                j++;
            }

            var firstDifference = 0;
            while (i < a.Length && j < b.Length && VersionText.IsAsciiDigit(a[i]) && VersionText.IsAsciiDigit(b[j]))
            {
                if (firstDifference == 0)
                {
                    firstDifference = a[i] - b[j];
                }

                i++;
                j++;
            }

            // The longer run of significant digits is the larger number.
            if (i < a.Length && VersionText.IsAsciiDigit(a[i]))
            {
                return 1;
            }

            if (j < b.Length && VersionText.IsAsciiDigit(b[j]))
            {
                return -1;
            }

            if (firstDifference != 0)
            {
                return firstDifference;
            }
        }

        return 0;
    }

    private static int Order(char c)
    {
        if (c >= 0x80)
        {
            return NonAscii;
        }

        if (c == '\0' || VersionText.IsAsciiDigit(c))
        {
            return 0;
        }

        if (VersionText.IsAsciiLetter(c))
        {
            return c;
        }

        return c == '~' ? -1 : c + 256;
    }

    private static int CodePointKey(char c) => char.IsSurrogate(c) ? c + 0x10000 : c;
}
