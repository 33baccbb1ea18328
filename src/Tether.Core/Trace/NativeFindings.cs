using Tether.Core.Graph;

namespace Tether.Core.Trace;

/// <summary>
/// Tether's own findings in the graph: image → layer → package → vulnerability_match → vulnerability (or
/// image → package directly when the SBOM gave no layer). Only current matches count: a resolved one has ended.
/// </summary>
internal static class NativeFindings
{
    public sealed record Item(StoredNode Image, StoredNode Package, string? LayerDiffId, StoredNode Match, Hop PackageToMatch, StoredNode Vulnerability);

    /// <summary>Every image holding a package matched to one of <paramref name="vulnerabilities"/>.</summary>
    public static async Task<IReadOnlyList<Item>> ForVulnerabilitiesAsync(GraphReader graph, IReadOnlyList<StoredNode> vulnerabilities)
    {
        var matches = (await graph.FollowAsync(vulnerabilities, EdgeDirection.Incoming, EdgeTypes.OfVulnerability).ConfigureAwait(false))
            .Where(h => h.Node.Kind == NodeKinds.VulnerabilityMatch && h.Node.IsCurrent)
            .ToList();
        var packageHops = await graph.FollowAsync(matches.Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Incoming, EdgeTypes.HasMatch).ConfigureAwait(false);
        var holders = await HoldersAsync(graph, packageHops.Select(h => h.Node).DistinctBy(n => n.Id).ToList()).ConfigureAwait(false);

        var items = new List<Item>();
        foreach (var match in matches)
        {
            foreach (var packageHop in packageHops.Where(h => h.Origin.Id == match.Node.Id))
            {
                var toMatch = new Hop(packageHop.Edge, packageHop.Node, match.Node);
                foreach (var (image, layer) in holders.GetValueOrDefault(packageHop.Node.Id) ?? [])
                {
                    items.Add(new Item(image, packageHop.Node, layer, match.Node, toMatch, match.Origin));
                }
            }
        }

        return items;
    }

    /// <summary>Every current match on the packages of an image family.</summary>
    public static async Task<IReadOnlyList<Item>> ForImageAsync(GraphReader graph, StoredNode image, IReadOnlyList<StoredNode> family)
    {
        var layers = await graph.FollowAsync(family, EdgeDirection.Outgoing, EdgeTypes.HasLayer).ConfigureAwait(false);
        var inLayers = await graph.FollowAsync(layers.Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Outgoing, EdgeTypes.ContainsPackage).ConfigureAwait(false);
        var direct = await graph.FollowAsync(family, EdgeDirection.Outgoing, EdgeTypes.ContainsPackage).ConfigureAwait(false);
        var packages = inLayers.Select(h => (Package: h.Node, Layer: (string?)h.Origin.Key))
            .Concat(direct.Select(h => (Package: h.Node, Layer: (string?)null)))
            .DistinctBy(p => (p.Package.Id, p.Layer))
            .ToList();
        var matchHops = (await graph.FollowAsync(packages.Select(p => p.Package).DistinctBy(n => n.Id), EdgeDirection.Outgoing, EdgeTypes.HasMatch).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent)
            .ToList();
        var vulnerabilities = (await graph.FollowAsync(matchHops.Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Outgoing, EdgeTypes.OfVulnerability).ConfigureAwait(false))
            .GroupBy(h => h.Origin.Id).ToDictionary(g => g.Key, g => g.First().Node);

        return packages
            .SelectMany(p => matchHops.Where(m => m.Origin.Id == p.Package.Id).Select(m => (p, m)))
            .Where(x => vulnerabilities.ContainsKey(x.m.Node.Id))
            .Select(x => new Item(image, x.p.Package, x.p.Layer, x.m.Node, x.m, vulnerabilities[x.m.Node.Id]))
            .ToList();
    }

    /// <summary>Images holding each package, with the layer that holds it (null when attached to the image directly).</summary>
    private static async Task<Dictionary<long, List<(StoredNode Image, string? Layer)>>> HoldersAsync(GraphReader graph, IReadOnlyList<StoredNode> packages)
    {
        var containers = await graph.FollowAsync(packages, EdgeDirection.Incoming, EdgeTypes.ContainsPackage).ConfigureAwait(false);
        var layerImages = (await graph.FollowAsync(containers.Where(h => h.Node.Kind == NodeKinds.Layer).Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Incoming, EdgeTypes.HasLayer).ConfigureAwait(false))
            .ToLookup(h => h.Origin.Id, h => h.Node);
        var holders = new Dictionary<long, List<(StoredNode, string?)>>();
        foreach (var hop in containers)
        {
            var list = holders.TryGetValue(hop.Origin.Id, out var existing) ? existing : holders[hop.Origin.Id] = [];
            if (hop.Node.Kind == NodeKinds.Image)
            {
                list.Add((hop.Node, null));
            }
            else
            {
                list.AddRange(layerImages[hop.Node.Id].Select(image => (image, (string?)hop.Node.Key)));
            }
        }

        return holders;
    }
}
