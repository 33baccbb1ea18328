namespace Tether.Vulnerabilities.Versions.Os;

/// <summary>
/// rpm's <c>rpmvercmp</c> over one field (epoch, version or release). The field is cut into segments of ASCII
/// letters or ASCII digits; every other character only separates segments (non-ASCII included). Digit segments
/// compare as numbers of any length and are newer than letter segments; <c>~</c> sorts before everything, even
/// the end of the field; <c>^</c> sorts after the end of the field but before anything else.
/// </summary>
internal static class RpmVersionComparer
{
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.SequenceEqual(b))
        {
            return 0;
        }

        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && IsSeparator(a[i]))
            {
                i++;
            }

            while (j < b.Length && IsSeparator(b[j]))
            {
                j++;
            }

            var aEnded = i == a.Length;
            var bEnded = j == b.Length;
            var ca = aEnded ? '\0' : a[i];
            var cb = bEnded ? '\0' : b[j];
            if (ca == '~' || cb == '~')
            {
                if (ca != '~')
                {
                    return 1;
                }

                if (cb != '~')
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            if (ca == '^' || cb == '^')
            {
                if (aEnded)
                {
                    return -1;
                }

                if (bEnded)
                {
                    return 1;
                }

                if (ca != '^')
                {
                    return 1;
                }

                if (cb != '^')
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            if (aEnded || bEnded)
            {
                break;
            }

            var numeric = VersionText.IsAsciiDigit(ca);
            var segmentA = Segment(a, ref i, numeric);
            var segmentB = Segment(b, ref j, numeric);

            // A digit segment against a letter segment: the digits are newer.
            if (segmentB.IsEmpty)
            {
                return numeric ? 1 : -1;
            }

            if (numeric)
            {
                segmentA = segmentA.TrimStart('0');
                segmentB = segmentB.TrimStart('0');
                if (segmentA.Length != segmentB.Length)
                {
                    return segmentA.Length > segmentB.Length ? 1 : -1;
                }
            }

            var order = segmentA.SequenceCompareTo(segmentB);
            if (order != 0)
            {
                return order < 0 ? -1 : 1;
            }
        }

        if (i == a.Length && j == b.Length)
        {
            return 0;
        }

        // Everything compared equal: whichever field still has characters left is newer.
        return i == a.Length ? -1 : 1;
    }

    private static bool IsSeparator(char c) => !VersionText.IsAsciiDigit(c) && !VersionText.IsAsciiLetter(c) && c != '~' && c != '^';

    private static ReadOnlySpan<char> Segment(ReadOnlySpan<char> text, ref int index, bool numeric)
    {
        var start = index;
        while (index < text.Length && (numeric ? VersionText.IsAsciiDigit(text[index]) : VersionText.IsAsciiLetter(text[index])))
        {
            index++;
        }

        return text[start..index];
    }
}
