namespace Tether.Vulnerabilities.Versions.Os;

/// <summary>
/// A Debian version split as dpkg's <c>parseversion</c> splits it: <c>[epoch:]upstream[-revision]</c>, the epoch
/// ended by the first colon, the revision started by the last hyphen. Views into the caller's string, no copy.
/// </summary>
internal readonly ref struct DebianVersion
{
    // dpkg 1.21's own wording for the inputs it rejects (errors, exit 2); Tether reports the same reasons.
    internal const string Empty = "version string is empty";
    internal const string EmbeddedSpaces = "version string has embedded spaces";
    internal const string EpochEmpty = "epoch in version is empty";
    internal const string EpochNotNumber = "epoch in version is not number";
    internal const string EpochNegative = "epoch in version is negative";
    internal const string EpochTooBig = "epoch in version is too big";
    internal const string NothingAfterColon = "nothing after colon in version number";
    internal const string RevisionEmpty = "revision number is empty";
    internal const string UpstreamEmpty = "version number is empty";

    private DebianVersion(int epoch, ReadOnlySpan<char> upstream, ReadOnlySpan<char> revision)
    {
        Epoch = epoch;
        Upstream = upstream;
        Revision = revision;
    }

    public int Epoch { get; }

    public ReadOnlySpan<char> Upstream { get; }

    /// <summary>Empty when the version has no hyphen; dpkg then compares it as "" (equal to "0").</summary>
    public ReadOnlySpan<char> Revision { get; }

    /// <summary>
    /// Splits <paramref name="text"/>, or returns why dpkg rejects it. dpkg only warns (and still compares) when
    /// the upstream part does not start with a digit or a character is outside dpkg's set; those are valid here too.
    /// </summary>
    public static string? TryParse(ReadOnlySpan<char> text, out DebianVersion version)
    {
        version = default;

        // dpkg trims blanks (space, tab) around the string and rejects blanks inside it.
        text = text.Trim(" \t");
        if (text.IsEmpty)
        {
            return Empty;
        }

        if (text.IndexOfAny(' ', '\t') >= 0)
        {
            return EmbeddedSpaces;
        }

        if (VersionText.CheckEncodable(text) is { } encoding)
        {
            return encoding;
        }

        var epoch = 0;
        var colon = text.IndexOf(':');
        if (colon >= 0)
        {
            if (ParseEpoch(text[..colon], out epoch) is { } epochError)
            {
                return epochError;
            }

            text = text[(colon + 1)..];
            if (text.IsEmpty)
            {
                return NothingAfterColon;
            }
        }

        var upstream = text;
        var revision = ReadOnlySpan<char>.Empty;
        var hyphen = text.LastIndexOf('-');
        if (hyphen >= 0)
        {
            revision = text[(hyphen + 1)..];
            upstream = text[..hyphen];
            if (revision.IsEmpty)
            {
                return RevisionEmpty;
            }
        }

        if (upstream.IsEmpty)
        {
            return UpstreamEmpty;
        }

        version = new DebianVersion(epoch, upstream, revision);
        return null;
    }

    /// <summary>Orders as dpkg's <c>dpkg_version_compare</c>: epoch as a number, then upstream, then revision.</summary>
    public static int Compare(in DebianVersion a, in DebianVersion b)
    {
        if (a.Epoch != b.Epoch)
        {
            return a.Epoch < b.Epoch ? -1 : 1;
        }

        var order = DpkgOrdering.Compare(a.Upstream, b.Upstream);
        return order != 0 ? order : DpkgOrdering.Compare(a.Revision, b.Revision);
    }

    /// <summary>
    /// The epoch as dpkg reads it with C <c>strtol</c>: leading C white space and a sign are accepted
    /// (so <c>+1:</c> and <c>-0:</c> are epochs 1 and 0), and the number must end exactly at the colon.
    /// </summary>
    private static string? ParseEpoch(ReadOnlySpan<char> text, out int epoch)
    {
        epoch = 0;
        var i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            i++;
        }

        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        var digitsStart = i;
        long value = 0;
        while (i < text.Length && VersionText.IsAsciiDigit(text[i]))
        {
            // Saturate: anything above int.MaxValue is "too big" (or "negative" with a minus), as strtol's ERANGE is.
            value = Math.Min(value * 10 + (text[i] - '0'), (long)int.MaxValue + 1);
            i++;
        }

        if (i == digitsStart)
        {
            return EpochEmpty;
        }

        if (i != text.Length)
        {
            return EpochNotNumber;
        }

        if (negative && value != 0)
        {
            return EpochNegative;
        }

        if (value > int.MaxValue)
        {
            return EpochTooBig;
        }

        epoch = (int)value;
        return null;
    }
}
