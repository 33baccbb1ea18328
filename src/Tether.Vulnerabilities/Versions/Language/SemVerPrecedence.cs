namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// SemVer 2.0.0 §11 pre-release precedence as Go's x/mod/semver and Rust's semver crate implement it:
/// identifiers compared left to right, all-digit ones numerically (by length, then text — both parsers
/// reject leading zeros, so that is numeric order for any size) and below alphanumeric ones, which
/// compare in ASCII order; a longer list wins when one is a prefix of the other. No pre-release sorts
/// after any pre-release.
/// </summary>
internal static class SemVerPrecedence
{
    /// <summary>Compares two dot-separated pre-release texts (without the leading <c>-</c>; empty = release).</summary>
    public static int ComparePrerelease(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return a.IsEmpty == b.IsEmpty ? 0 : a.IsEmpty ? 1 : -1;
        }

        while (true)
        {
            var x = NextIdentifier(ref a, out var aMore);
            var y = NextIdentifier(ref b, out var bMore);
            var order = CompareIdentifier(x, y);
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

    private static int CompareIdentifier(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        var xNumeric = DecimalText.IsAsciiDigits(x);
        var yNumeric = DecimalText.IsAsciiDigits(y);
        if (xNumeric != yNumeric)
        {
            return xNumeric ? -1 : 1;
        }

        if (xNumeric && x.Length != y.Length)
        {
            return x.Length < y.Length ? -1 : 1;
        }

        return Math.Sign(x.SequenceCompareTo(y));
    }

    /// <summary>Splits the first identifier off <paramref name="rest"/>; <paramref name="more"/> says whether another follows.</summary>
    public static ReadOnlySpan<char> NextIdentifier(ref ReadOnlySpan<char> rest, out bool more)
    {
        var dot = rest.IndexOf('.');
        ReadOnlySpan<char> identifier;
        if (dot < 0)
        {
            identifier = rest;
            rest = [];
            more = false;
        }
        else
        {
            identifier = rest[..dot];
            rest = rest[(dot + 1)..];
            more = true;
        }

        return identifier;
    }
}
