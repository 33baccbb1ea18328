using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Trace;

namespace Tether.Core.Recommend;

/// <summary>
/// Reads what recommendations need, set-wise: the images current containers run (a page of containers at a time), their
/// chains (<see cref="TraceEngine"/>, all images at once), and their findings — scanner findings per image, Tether's own
/// matches per layer (image → layer → package → current match → vulnerability, or image → package when no layer is
/// known) — each edge type in one read for all images, KEV/EPSS in one read for all CVEs. A layer's findings are built
/// once and shared by every image that has the layer; each image keeps only its layers' Dockerfile attribution.
/// </summary>
internal sealed class RunningFindingsReader(GraphReader graph, IVersionOrder order, Risk.RiskSettings settings)
{
    private const int Page = 5_000;
    private readonly Dictionary<(long Package, long Match), FindingTemplate> _matches = [];
    private readonly Dictionary<long, FindingTemplate> _scannerFindings = [];
    private readonly Dictionary<long, FindingList?> _layers = [];
    private readonly Dictionary<(long Vulnerability, string? Severity), VulnerabilityView> _views = [];
    private readonly Dictionary<(string Vulnerability, string Name, string Version), int> _keys = [];
    private readonly Dictionary<string, int> _vulnerabilityKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<VulnerabilityView, VulnerabilityView> _signalled = new(ReferenceEqualityComparer.Instance);
    private IReadOnlyDictionary<string, (KevView? Kev, EpssView? Epss)> _signals = new Dictionary<string, (KevView?, EpssView?)>();

    public async Task<IReadOnlyList<RunningImage>> ReadAsync(string? cluster, IAdvisoryStore? advisories, CancellationToken cancellationToken)
    {
        var nodes = await RunningImagesAsync(cluster, cancellationToken).ConfigureAwait(false);
        var chains = await new TraceEngine(graph.Store, null, settings).ResolveChainsAsync(nodes, cancellationToken).ConfigureAwait(false);
        var images = chains.Select((chain, index) => new RunningImage(index, chain, settings.Weights)).ToList();
        var matchesOf = await PrefetchAsync(chains).ConfigureAwait(false);
        if (advisories is not null)
        {
            _signals = await ExploitSignals.ReadAsync(advisories, await VulnerabilityViewsAsync(chains, matchesOf).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        foreach (var image in images)
        {
            await AddSlotsAsync(image, matchesOf).ConfigureAwait(false);
        }


        return images;
    }

    /// <summary>The images current containers run, read a page of containers at a time (keys start with the cluster).</summary>
    private async Task<List<StoredNode>> RunningImagesAsync(string? cluster, CancellationToken cancellationToken)
    {
        var prefix = cluster is null ? null : cluster + "/";
        var images = new Dictionary<long, StoredNode>();
        var after = prefix;
        while (true)
        {
            var page = await graph.Store.ListNodesAsync(NodeKinds.Container, after, Page, cancellationToken).ConfigureAwait(false);
            var containers = page.Where(n => prefix is null || n.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();

            // A reader per page: the containers are read again with their pods by the chains, a batch at a time.
            var reader = new GraphReader(graph.Store, cancellationToken);
            foreach (var hop in await reader.FollowAsync(containers.Where(c => c.IsCurrent), EdgeDirection.Outgoing, EdgeTypes.RunsImage).ConfigureAwait(false))
            {
                if (hop.IsCurrentFor(hop.Origin))
                {
                    images.TryAdd(hop.Node.Id, hop.Node);
                }
            }

            if (page.Count < Page || containers.Count < page.Count)
            {
                break;
            }

            after = page[^1].Key;
        }

        return [.. images.Values.OrderBy(n => n.Key, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Reads every finding link of every image family in one call per edge type, and returns each package's current
    /// matches with their vulnerability (the matches a trace of the image would show, in the same order).
    /// </summary>
    private async Task<Dictionary<long, List<(StoredNode Match, StoredNode Vulnerability)>>> PrefetchAsync(IReadOnlyList<TraceEngine.Chain> chains)
    {
        var family = chains.SelectMany(c => c.Family).DistinctBy(n => n.Id).ToList();
        var fromImages = await graph.FollowAsync(family, EdgeDirection.Outgoing, [EdgeTypes.HasFinding, EdgeTypes.HasLayer, EdgeTypes.ContainsPackage]).ConfigureAwait(false);
        await graph.FollowAsync(Nodes(fromImages, EdgeTypes.HasFinding), EdgeDirection.Outgoing, EdgeTypes.OfVulnerability).ConfigureAwait(false);
        var inLayers = await graph.FollowAsync(Nodes(fromImages, EdgeTypes.HasLayer), EdgeDirection.Outgoing, EdgeTypes.ContainsPackage).ConfigureAwait(false);
        var packages = inLayers.Select(h => h.Node).Concat(Nodes(fromImages, EdgeTypes.ContainsPackage)).DistinctBy(n => n.Id).ToList();
        var matches = (await graph.FollowAsync(packages, EdgeDirection.Outgoing, EdgeTypes.HasMatch).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent).ToList();
        var vulnerabilities = (await graph.FollowAsync(matches.Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Outgoing, EdgeTypes.OfVulnerability).ConfigureAwait(false))
            .GroupBy(h => h.Origin.Id).ToDictionary(g => g.Key, g => g.First().Node);
        var matchesOf = new Dictionary<long, List<(StoredNode, StoredNode)>>();
        foreach (var hop in matches)
        {
            if (vulnerabilities.TryGetValue(hop.Node.Id, out var vulnerability))
            {
                (matchesOf.TryGetValue(hop.Origin.Id, out var list) ? list : matchesOf[hop.Origin.Id] = []).Add((hop.Node, vulnerability));
            }
        }

        return matchesOf;
    }

    /// <summary>Every vulnerability view the findings will show (before KEV/EPSS), for one read of the exploit signals.</summary>
    private async Task<List<VulnerabilityView>> VulnerabilityViewsAsync(IReadOnlyList<TraceEngine.Chain> chains, Dictionary<long, List<(StoredNode Match, StoredNode Vulnerability)>> matchesOf)
    {
        var views = matchesOf.Values.SelectMany(l => l).Select(m => View(m.Vulnerability, graph.Facts<VulnerabilityMatchFacts>(m.Match).Severity)).ToList();
        foreach (var chain in chains)
        {
            foreach (var (finding, vulnerability) in await ScannerFindingsAsync(chain).ConfigureAwait(false))
            {
                views.Add(View(vulnerability, graph.Facts<FindingFacts>(finding).Severity));
            }
        }

        return views;
    }

    private async Task<List<(StoredNode Finding, StoredNode Vulnerability)>> ScannerFindingsAsync(TraceEngine.Chain chain)
    {
        var hops = await graph.FollowAsync(chain.Family, EdgeDirection.Outgoing, EdgeTypes.HasFinding).ConfigureAwait(false);
        var vulnerabilities = (await graph.FollowAsync(hops.Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Outgoing, EdgeTypes.OfVulnerability).ConfigureAwait(false))
            .GroupBy(h => h.Origin.Id).ToDictionary(g => g.Key, g => g.First().Node);
        return [.. hops.Where(h => vulnerabilities.ContainsKey(h.Node.Id)).Select(h => (h.Node, vulnerabilities[h.Node.Id]))];
    }

    /// <summary>
    /// The image's findings lists in the order a trace reads them: its scanner findings (one list per layer they name),
    /// then its layers' matches (ascending layer), then the packages attached to the image itself.
    /// </summary>
    private async Task AddSlotsAsync(RunningImage image, Dictionary<long, List<(StoredNode Match, StoredNode Vulnerability)>> matchesOf)
    {
        var lists = new List<FindingList>();
        foreach (var layer in (await ScannerFindingsAsync(image.Chain).ConfigureAwait(false))
            .Select(f => ScannerFinding(f.Finding, f.Vulnerability))
            .GroupBy(t => t.Package.LayerDiffId, StringComparer.Ordinal))
        {
            lists.Add(new FindingList(layer.Key, [.. layer]));
        }

        var layers = (await graph.FollowAsync(image.Chain.Family, EdgeDirection.Outgoing, EdgeTypes.HasLayer).ConfigureAwait(false))
            .Select(h => h.Node).DistinctBy(n => n.Id).OrderBy(n => n.Id);
        foreach (var layer in layers)
        {
            if (await LayerAsync(layer, matchesOf).ConfigureAwait(false) is { } list)
            {
                lists.Add(list);
            }
        }

        var direct = (await graph.FollowAsync(image.Chain.Family, EdgeDirection.Outgoing, EdgeTypes.ContainsPackage).ConfigureAwait(false))
            .Select(h => h.Node).DistinctBy(n => n.Id)
            .SelectMany(p => Matches(p, matchesOf)).ToList();
        if (direct.Count > 0)
        {
            lists.Add(new FindingList(null, direct));
        }

        var sources = new Dictionary<string, SourceLayer?>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            var diffId = list.LayerDiffId ?? "";
            if (!sources.TryGetValue(diffId, out var source))
            {
                source = TraceEngine.SourceOf(graph, image.Chain, list.LayerDiffId);
                sources[diffId] = source;
            }

            image.Slots.Add(new ImageSlot(image, list, source, Placement.Of(source)));
        }
    }

    /// <summary>A layer's matches, built once for every image that has the layer; null when it has none.</summary>
    private async Task<FindingList?> LayerAsync(StoredNode layer, Dictionary<long, List<(StoredNode Match, StoredNode Vulnerability)>> matchesOf)
    {
        if (!_layers.TryGetValue(layer.Id, out var list))
        {
            var items = (await graph.FollowAsync([layer], EdgeDirection.Outgoing, EdgeTypes.ContainsPackage).ConfigureAwait(false))
                .Select(h => h.Node).DistinctBy(n => n.Id)
                .SelectMany(p => Matches(p, matchesOf)).ToList();
            list = items.Count == 0 ? null : new FindingList(layer.Key, items);
            _layers[layer.Id] = list;
        }

        return list;
    }

    private IEnumerable<FindingTemplate> Matches(StoredNode package, Dictionary<long, List<(StoredNode Match, StoredNode Vulnerability)>> matchesOf)
    {
        foreach (var (match, vulnerability) in matchesOf.GetValueOrDefault(package.Id) ?? [])
        {
            if (!_matches.TryGetValue((package.Id, match.Id), out var template))
            {
                var facts = graph.Facts<PackageFacts>(package);
                var matched = graph.Facts<VulnerabilityMatchFacts>(match);
                var view = new PackageView(facts.Name, facts.Version, facts.Type, facts.Purl, matched.FixedVersion, null, $"tether ({matched.AdvisoryId})", null)
                {
                    SourcePackage = facts.SourceName,
                };
                template = Template(match.Id, View(vulnerability, matched.Severity), view);
                _matches[(package.Id, match.Id)] = template;
            }

            yield return template;
        }
    }

    private FindingTemplate ScannerFinding(StoredNode finding, StoredNode vulnerability)
    {
        if (!_scannerFindings.TryGetValue(finding.Id, out var template))
        {
            var facts = graph.Facts<FindingFacts>(finding);
            var view = new PackageView(facts.PackageName, facts.InstalledVersion, facts.PackageType, facts.Purl, facts.FixedVersion, facts.LayerDiffId, facts.ReportedBy, null)
            {
                SourcePackage = facts.SourcePackage,
            };
            template = Template(finding.Id, View(vulnerability, facts.Severity), view);
            _scannerFindings[finding.Id] = template;
        }

        return template;
    }

    private FindingTemplate Template(long node, VulnerabilityView vulnerability, PackageView package)
    {
        if (!_signalled.TryGetValue(vulnerability, out var withSignals))
        {
            withSignals = ExploitSignals.With(_signals, vulnerability);
            _signalled[vulnerability] = withSignals;
        }

        if (!_keys.TryGetValue((withSignals.Id, package.Name, package.Version), out var key))
        {
            key = _keys.Count;
            _keys[(withSignals.Id, package.Name, package.Version)] = key;
        }

        if (!_vulnerabilityKeys.TryGetValue(withSignals.Id, out var vulnerabilityKey))
        {
            vulnerabilityKey = _vulnerabilityKeys.Count;
            _vulnerabilityKeys[withSignals.Id] = vulnerabilityKey;
        }

        return new FindingTemplate(node, withSignals, package, (key, vulnerabilityKey), order, settings.Weights);
    }

    private VulnerabilityView View(StoredNode vulnerability, string? severity)
    {
        if (!_views.TryGetValue((vulnerability.Id, severity), out var view))
        {
            view = TraceEngine.View(graph, vulnerability, severity);
            _views[(vulnerability.Id, severity)] = view;
        }

        return view;
    }

    private static List<StoredNode> Nodes(IEnumerable<Hop> hops, string type) =>
        hops.Where(h => h.Edge.Type == type).Select(h => h.Node).DistinctBy(n => n.Id).ToList();
}
