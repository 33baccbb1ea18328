using Tether.Core.Trace;

namespace Tether.Core.Recommend;

/// <summary>
/// A finding without its image: the vulnerability (with KEV/EPSS) and the package as a trace shows them, and what the
/// grouping derives from them (ecosystem, source package, the fixed version it needs, the points of its priority that
/// do not depend on where it runs). Tether's own match of a package is the same in every image holding the package, so
/// one template serves every layer and image that holds it; a scanner's finding belongs to one image.
/// </summary>
internal sealed class FindingTemplate
{
    public FindingTemplate(long node, VulnerabilityView vulnerability, PackageView package, (int Finding, int Vulnerability) keys, IVersionOrder order, Risk.PriorityWeights weights)
    {
        Node = node;
        Vulnerability = vulnerability;
        Package = package;
        (Key, VulnerabilityKey) = keys;
        Ecosystem = PackageEcosystems.Of(package.Purl, package.Type) ?? new PackageEcosystem(package.Type ?? RecommendationGrouper.Unknown, false);
        Source = Ecosystem.IsDistro ? PackageEcosystems.SourceName(package.SourcePackage) ?? PackageEcosystems.UpstreamOf(package.Purl) : null;
        PackageKey = Source ?? package.Name;
        Needed = FixedVersions.Needed(order, Ecosystem.Name, package.Version, package.FixedVersion);
        Points = PriorityScorer.FindingPoints(vulnerability, package, weights);
    }

    /// <summary>The match (or scanner finding) node: reached twice in one image family, it is one finding.</summary>
    public long Node { get; }

    public VulnerabilityView Vulnerability { get; }

    /// <summary>The package; its <see cref="PackageView.LayerDiffId"/> is the list's (<see cref="FindingList"/>), not kept here.</summary>
    public PackageView Package { get; }

    /// <summary>(vulnerability, package name, version) as one number: in one image, findings with the same key are one finding.</summary>
    public int Key { get; }

    /// <summary>The vulnerability id as one number.</summary>
    public int VulnerabilityKey { get; }

    public PackageEcosystem Ecosystem { get; }

    public string? Source { get; }

    public string PackageKey { get; }

    public IReadOnlyList<string> Needed { get; }

    /// <summary>Severity, KEV, EPSS and fix points (<see cref="PriorityScorer.FindingPoints"/>).</summary>
    public double Points { get; }

    /// <summary>The order findings of one image are read in: highest priority first, then vulnerability id, then package name.</summary>
    public static int CompareUrgency(FindingTemplate a, FindingTemplate b)
    {
        var byPoints = b.Points.CompareTo(a.Points);
        if (byPoints != 0)
        {
            return byPoints;
        }

        var byId = string.CompareOrdinal(a.Vulnerability.Id, b.Vulnerability.Id);
        return byId != 0 ? byId : string.CompareOrdinal(a.Package.Name, b.Package.Name);
    }
}

/// <summary>
/// The findings one layer of an image holds (or the image's own packages when no layer is known, or one image's scanner
/// findings of one layer). A base layer's list is one instance shared by every image that has the layer: that is what
/// makes recommendations cost per (layer, package) rather than per (image, package).
/// </summary>
internal sealed class FindingList(string? layerDiffId, IReadOnlyList<FindingTemplate> items)
{
    private HashSet<int>? _keys;
    private List<FindingSegment>? _segments;

    public string? LayerDiffId { get; } = layerDiffId;

    public IReadOnlyList<FindingTemplate> Items { get; } = items;

    /// <summary>The keys of the list, computed once: two lists of one image that share a key hold one finding twice.</summary>
    public HashSet<int> Keys => _keys ??= [.. Items.Select(i => i.Key)];

    /// <summary>True when the list itself holds a key twice (two matches of one package to one vulnerability).</summary>
    public bool HasDuplicateKeys => Keys.Count < Items.Count;

    /// <summary>The list split as the grouping splits it (fix or not, ecosystem, package key), once for every image having it.</summary>
    public List<FindingSegment> Segments => _segments ??= [.. Items
        .GroupBy(i => (Fix: i.Needed.Count > 0, i.Ecosystem.Name, i.PackageKey))
        .Select(g => new FindingSegment(g.Key.Fix, g.First().Ecosystem, g.Key.PackageKey, [.. g]))];
}

/// <summary>
/// The findings of one list that fall in one group of any image having the list: same fix-or-not, ecosystem and package
/// key. With the highest finding points per vulnerability, so a group scores a list's findings without visiting them.
/// </summary>
internal sealed class FindingSegment
{
    public FindingSegment(bool fix, PackageEcosystem ecosystem, string packageKey, FindingTemplate[] items)
    {
        Fix = fix;
        Ecosystem = ecosystem;
        PackageKey = packageKey;
        Items = items;
        TopPoints = [.. items.GroupBy(i => i.VulnerabilityKey).Select(g => (g.Key, g.Max(i => i.Points)))];
        HasUnnamedSource = ecosystem.IsDistro && items.Any(i => i.Source is null);
    }

    public bool Fix { get; }

    public PackageEcosystem Ecosystem { get; }

    public string PackageKey { get; }

    public FindingTemplate[] Items { get; }

    /// <summary>Per vulnerability (<see cref="FindingTemplate.VulnerabilityKey"/>), the highest finding points.</summary>
    public (int Vulnerability, double Points)[] TopPoints { get; }

    /// <summary>Distro findings whose source package nobody named: they may merge with other packages of the cell.</summary>
    public bool HasUnnamedSource { get; }
}
