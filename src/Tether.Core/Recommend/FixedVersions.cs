namespace Tether.Core.Recommend;

/// <summary>
/// The version a finding needs and the version that clears a group, ordered by the ecosystem's own scheme (dpkg,
/// apk, rpm, semver…), never by text: <c>3.0.14-1~deb12u2</c> sorts before <c>3.0.14-1</c>, <c>0.1.10</c> after <c>0.1.7</c>.
/// </summary>
public static class FixedVersions
{
    /// <summary>
    /// The fixed version one finding needs. Scanners list one fixed version per release line when there are several
    /// (Trivy: <c>1.9.0, 0.1.10, 8.0.0</c>); the installed version needs the lowest one above it, the one on its own
    /// line. When none can be shown to be above it (unordered versions), the candidates stay for the caller to report.
    /// </summary>
    public static IReadOnlyList<string> Needed(IVersionOrder order, string ecosystem, string installed, string? fixedText)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (string.IsNullOrWhiteSpace(fixedText))
        {
            return [];
        }

        var candidates = fixedText.Split([',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        if (candidates.Count == 1)
        {
            return candidates;
        }

        string? best = null;
        foreach (var candidate in candidates)
        {
            if (order.Compare(ecosystem, candidate, installed) is not > 0)
            {
                continue;
            }

            if (best is null)
            {
                best = candidate;
                continue;
            }

            switch (order.Compare(ecosystem, candidate, best))
            {
                case < 0:
                    best = candidate;
                    break;
                case null:
                    return candidates;
            }
        }

        return best is null ? candidates : [best];
    }

    /// <summary>
    /// The highest of the versions (the one that clears every CVE of a group), or null when two of them cannot be
    /// ordered in the ecosystem (the caller lists them all instead of guessing).
    /// </summary>
    public static string? Highest(IVersionOrder order, string ecosystem, IReadOnlyCollection<string> versions)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(versions);
        string? highest = null;
        foreach (var version in versions)
        {
            if (highest is null)
            {
                highest = version;
                continue;
            }

            switch (order.Compare(ecosystem, version, highest))
            {
                case > 0:
                    highest = version;
                    break;
                case null:
                    return null;
            }
        }

        return highest;
    }

    /// <summary>Sorted by the ecosystem's order when it can order them all, else by text.</summary>
    public static IReadOnlyList<string> Sorted(IVersionOrder order, string ecosystem, IEnumerable<string> versions)
    {
        ArgumentNullException.ThrowIfNull(order);
        var list = versions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        try
        {
            list.Sort((a, b) => order.Compare(ecosystem, a, b) ?? throw new InvalidOperationException());
        }
        catch (InvalidOperationException)
        {
            list.Sort(StringComparer.Ordinal);
        }

        return list;
    }
}
