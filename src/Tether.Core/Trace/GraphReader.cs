using Tether.Core.Graph;

namespace Tether.Core.Trace;

/// <summary>
/// Set-at-a-time reads for the trace: follow one edge type from many nodes in one store call, with the
/// nodes at the other end loaded and cached. A trace is a handful of these, whatever the pod count.
/// Edges read are kept per (node, direction, type), and nodes found by key per key, so that a trace over many
/// images can read their chains once for all images (<see cref="ChainPrefetch"/>) and then resolve each image
/// from memory; a link not read before is read from the store as usual.
/// </summary>
internal sealed class GraphReader(IGraphStore store, CancellationToken cancellationToken)
{
    private readonly Dictionary<long, StoredNode> _nodes = [];
    private readonly Dictionary<(long Node, EdgeDirection Direction, string Type), List<StoredEdge>> _edges = [];
    private readonly Dictionary<NodeRef, StoredNode?> _found = [];

    public IGraphStore Store => store;

    public async Task<IReadOnlyList<Hop>> FollowAsync(IEnumerable<StoredNode> from, EdgeDirection direction, string type)
    {
        var origins = from.ToList();
        foreach (var node in origins)
        {
            _nodes.TryAdd(node.Id, node);
        }

        // Ascending origin ids, as the store's index returns them for one IN list.
        var ids = origins.Select(n => n.Id).Distinct().Order().ToList();
        var missing = ids.Where(id => !_edges.ContainsKey((id, direction, type))).ToList();
        if (missing.Count > 0)
        {
            var edges = await store.GetEdgesAsync(missing, direction, [type], cancellationToken).ConfigureAwait(false);
            foreach (var id in missing)
            {
                _edges[(id, direction, type)] = [];
            }

            foreach (var edge in edges)
            {
                _edges[(direction == EdgeDirection.Outgoing ? edge.FromId : edge.ToId, direction, type)].Add(edge);
            }

            var otherIds = edges.Select(e => direction == EdgeDirection.Outgoing ? e.ToId : e.FromId).Where(id => !_nodes.ContainsKey(id)).Distinct().ToList();
            foreach (var node in await store.GetNodesAsync(otherIds, cancellationToken).ConfigureAwait(false))
            {
                _nodes[node.Id] = node;
            }
        }

        return ids.SelectMany(id => _edges[(id, direction, type)])
            .Select(e => direction == EdgeDirection.Outgoing
                ? new Hop(e, _nodes[e.FromId], _nodes[e.ToId])
                : new Hop(e, _nodes[e.ToId], _nodes[e.FromId]))
            .ToList();
    }

    public async Task<StoredNode?> FindAsync(NodeRef node)
    {
        if (!_found.TryGetValue(node, out var found))
        {
            found = await store.FindNodeAsync(node, cancellationToken).ConfigureAwait(false);
            _found[node] = found;
        }

        return found;
    }

    /// <summary>Looks up many nodes of one kind by key in one store call, for later <see cref="FindAsync"/> calls.</summary>
    public async Task FindManyAsync(string kind, IEnumerable<string> keys)
    {
        var wanted = keys.Distinct(StringComparer.Ordinal).Where(key => !_found.ContainsKey(new NodeRef(kind, key))).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        foreach (var key in wanted)
        {
            _found[new NodeRef(kind, key)] = null;
        }

        foreach (var node in await store.FindNodesByKeysAsync(kind, wanted, cancellationToken).ConfigureAwait(false))
        {
            _found[node.Ref] = node;
        }
    }
}

/// <summary>One traversed edge: <see cref="Origin"/> is where the walk came from, <see cref="Node"/> where it arrived.</summary>
internal sealed record Hop(StoredEdge Edge, StoredNode Origin, StoredNode Node)
{
    public EvidenceView Evidence(string link) => EvidenceViews.Of(link, Edge);

    /// <summary>
    /// True when the edge was re-stated the last time <paramref name="from"/> (its source node) was observed.
    /// A pod or container is observed whole with its links, so an older link (the image before a pod was
    /// re-created, a former owner) is history, not the present.
    /// </summary>
    public bool IsCurrentFor(StoredNode from) => Edge.LastSeen >= from.LastSeen;
}

internal static class EvidenceViews
{
    /// <summary>Strength of a method when several links compete (higher wins, then confidence, then recency).</summary>
    public static int Rank(string method) => method switch
    {
        EvidenceMethods.AttestedProvenance => 6,
        EvidenceMethods.CiReport => 5,
        EvidenceMethods.UnverifiedProvenance => 4,
        EvidenceMethods.RegistryManifest or EvidenceMethods.KubernetesApi => 3,
        EvidenceMethods.OciLabel => 2,
        EvidenceMethods.ScannerReport or EvidenceMethods.LabelSelector => 2,
        _ => 1,
    };

    public static EvidenceView Of(string link, StoredEdge edge) =>
        new(link, edge.Method, edge.Confidence, edge.Collector, edge.Document, edge.FirstSeen, edge.LastSeen);

    public static IOrderedEnumerable<Hop> Strongest(this IEnumerable<Hop> hops) =>
        hops.OrderByDescending(h => Rank(h.Edge.Method))
            .ThenByDescending(h => h.Edge.Confidence)
            .ThenByDescending(h => h.Edge.LastSeen);
}
