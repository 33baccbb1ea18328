namespace Tether.Core.Recommend;

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
