namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// Versions that are lists of numbers (Hackage, CRAN): compared element by element numerically, a list
/// that is a prefix of the other sorting first (<c>1.0 &lt; 1.0.0</c>), as Haskell's and R's list
/// orderings do. Allocation-free: the text is walked, not split.
/// </summary>
internal static class NumericVersion
{
    /// <summary>Compares two lists of ASCII digit runs separated by any of <paramref name="separators"/>.</summary>
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b, ReadOnlySpan<char> separators)
    {
        while (true)
        {
            var x = Next(ref a, separators, out var aMore);
            var y = Next(ref b, separators, out var bMore);
            var order = DecimalText.Compare(x, y);
            if (order != 0)
            {
                return order;
            }

            if (!aMore || !bMore)
            {
                return aMore == bMore ? 0 : aMore ? 1 : -1;
            }
        }
    }

    private static ReadOnlySpan<char> Next(ref ReadOnlySpan<char> rest, ReadOnlySpan<char> separators, out bool more)
    {
        var at = rest.IndexOfAny(separators);
        more = at >= 0;
        var number = more ? rest[..at] : rest;
        rest = more ? rest[(at + 1)..] : [];
        return number;
    }
}
