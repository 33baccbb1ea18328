namespace Tether.Vulnerabilities.Sbom.Normalize;

/// <summary>
/// A purl <c>distro</c> qualifier split into distro id and version. Producers write it differently: Syft
/// <c>alpine-3.16.2</c>, <c>debian-12</c>, <c>rhel-8.6</c>; Trivy <c>3.16.2</c> for apk and <c>centos-7.6.1810</c>,
/// <c>debian-12.4</c> for rpm and deb. The id ends at the first dash that is followed by a digit
/// (<c>opensuse-leap-15.5</c>).
/// </summary>
public sealed record DistroRelease(string? Id, string? Version)
{
    public static DistroRelease? Parse(string? qualifier)
    {
        if (string.IsNullOrWhiteSpace(qualifier))
        {
            return null;
        }

        var text = qualifier.Trim();
        if (char.IsAsciiDigit(text[0]))
        {
            return new DistroRelease(null, text);
        }

        for (var i = 1; i < text.Length - 1; i++)
        {
            if (text[i] == '-' && char.IsAsciiDigit(text[i + 1]))
            {
                return new DistroRelease(text[..i].ToLowerInvariant(), text[(i + 1)..]);
            }
        }

        return new DistroRelease(text.ToLowerInvariant(), null);
    }

    /// <summary>The leading numeric components of <see cref="Version"/> (<c>3.16.2</c>, 2 → <c>3.16</c>), or null when it has fewer.</summary>
    public string? Numeric(int parts)
    {
        if (Version is null)
        {
            return null;
        }

        var taken = new List<string>(parts);
        var start = 0;
        while (taken.Count < parts)
        {
            var end = start;
            while (end < Version.Length && char.IsAsciiDigit(Version[end]))
            {
                end++;
            }

            if (end == start)
            {
                return null;
            }

            taken.Add(Version[start..end]);
            if (taken.Count < parts && (end >= Version.Length || Version[end] != '.'))
            {
                return null;
            }

            start = end + 1;
        }

        return string.Join('.', taken);
    }
}
