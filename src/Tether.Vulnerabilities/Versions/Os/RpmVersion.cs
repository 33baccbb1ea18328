namespace Tether.Vulnerabilities.Versions.Os;

/// <summary>
/// An <c>[epoch:]version[-release]</c> string (as OSV writes Red Hat, SUSE, … versions) split as rpm's
/// <c>rpmverParse</c> splits it: the epoch is a run of leading digits ended by a colon (an empty one is 0), so a
/// colon after anything else stays in the version; the release starts after the last hyphen.
/// </summary>
internal readonly ref struct RpmVersion
{
    private RpmVersion(ReadOnlySpan<char> epoch, ReadOnlySpan<char> version, ReadOnlySpan<char> release, bool hasRelease)
    {
        Epoch = epoch;
        Version = version;
        Release = release;
        HasRelease = hasRelease;
    }

    /// <summary>The epoch digits; "0" when the string has none.</summary>
    public ReadOnlySpan<char> Epoch { get; }

    public ReadOnlySpan<char> Version { get; }

    public ReadOnlySpan<char> Release { get; }

    /// <summary>False for <c>1.0</c> (no hyphen); true for <c>1.0-</c> (an empty release).</summary>
    public bool HasRelease { get; }

    public static RpmVersion Parse(ReadOnlySpan<char> text)
    {
        var digits = 0;
        while (digits < text.Length && VersionText.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        var epoch = "0".AsSpan();
        var versionStart = 0;
        if (digits < text.Length && text[digits] == ':')
        {
            if (digits > 0)
            {
                epoch = text[..digits];
            }

            versionStart = digits + 1;
        }

        var hyphen = text[versionStart..].LastIndexOf('-');
        return hyphen < 0
            ? new RpmVersion(epoch, text[versionStart..], default, hasRelease: false)
            : new RpmVersion(epoch, text.Slice(versionStart, hyphen), text[(versionStart + hyphen + 1)..], hasRelease: true);
    }

    /// <summary>
    /// Orders as python <c>rpm.labelCompare</c> (rpm 4.18): epoch, then version, then release, each with
    /// <c>rpmvercmp</c>; a missing release sorts before any release, even an empty one.
    /// </summary>
    public static int Compare(in RpmVersion a, in RpmVersion b)
    {
        var order = RpmVersionComparer.Compare(a.Epoch, b.Epoch);
        if (order != 0)
        {
            return order;
        }

        order = RpmVersionComparer.Compare(a.Version, b.Version);
        if (order != 0 || (!a.HasRelease && !b.HasRelease))
        {
            return order;
        }

        if (a.HasRelease != b.HasRelease)
        {
            return a.HasRelease ? 1 : -1;
        }

        return RpmVersionComparer.Compare(a.Release, b.Release);
    }
}
