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
    private readonly Dictionary<long, NodeFacts> _facts = [];
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public IGraphStore Store => store;

    public CancellationToken CancellationToken => cancellationToken;

    public Task<IReadOnlyList<Hop>> FollowAsync(IEnumerable<StoredNode> from, EdgeDirection direction, string type) =>
        FollowAsync(from, direction, [type]);

    /// <summary>
    /// Follows several edge types from the same nodes in one store call (hops of all of them, by origin). A type the
    /// walk reads from the same nodes anyway costs no round trip of its own.
    /// </summary>
    public async Task<IReadOnlyList<Hop>> FollowAsync(IEnumerable<StoredNode> from, EdgeDirection direction, IReadOnlyList<string> types)
    {
        List<long>? missing = null;
        var ids = new List<long>();
        foreach (var node in from)
        {
            _nodes.TryAdd(node.Id, node);
            ids.Add(node.Id);
            foreach (var type in types)
            {
                if (!_edges.ContainsKey((node.Id, direction, type)))
                {
                    (missing ??= []).Add(node.Id);
                    break;
                }
            }
        }

        if (missing is not null)
        {
            await ReadAsync([.. missing.Distinct()], direction, types).ConfigureAwait(false);
        }

        // Ascending origin ids, as the store's index returns them for one IN list.
        if (ids.Count > 1)
        {
            ids.Sort();
        }

        var hops = new List<Hop>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (i > 0 && ids[i] == ids[i - 1])
            {
                continue;
            }

            foreach (var type in types)
            {
                foreach (var e in _edges[(ids[i], direction, type)])
                {
                    hops.Add(direction == EdgeDirection.Outgoing
                        ? new Hop(e, _nodes[e.FromId], _nodes[e.ToId])
                        : new Hop(e, _nodes[e.ToId], _nodes[e.FromId]));
                }
            }
        }

        return hops;
    }

    /// <summary>The decoded facts of a node, decoded once per trace: pods are read by several resolvers, and thousands share a namespace.</summary>
    public T Facts<T>(StoredNode node) where T : NodeFacts
    {
        if (!_facts.TryGetValue(node.Id, out var facts))
        {
            facts = node.Facts<T>();
            _facts[node.Id] = facts;
        }

        return (T)facts;
    }

    /// <summary>
    /// One instance per distinct value among the strings this reader hands out to what outlives it: each pod's decoded
    /// facts has its own copy of its cluster, namespace, node and account names, and a run keeps one runtime entry per
    /// container of every running image.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public string? Shared(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (_strings.TryGetValue(value, out var shared))
        {
            return shared;
        }

        _strings.Add(value, value);
        return value;
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

    private async Task ReadAsync(List<long> ids, EdgeDirection direction, IReadOnlyList<string> types)
    {
        var edges = await store.GetEdgesAsync(ids, direction, types, cancellationToken).ConfigureAwait(false);
        foreach (var id in ids)
        {
            foreach (var type in types)
            {
                _edges[(id, direction, type)] = [];
            }
        }

        foreach (var edge in edges)
        {
            _edges[(direction == EdgeDirection.Outgoing ? edge.FromId : edge.ToId, direction, edge.Type)].Add(edge);
        }

        var otherIds = edges.Select(e => direction == EdgeDirection.Outgoing ? e.ToId : e.FromId).Where(id => !_nodes.ContainsKey(id)).Distinct().ToList();
        foreach (var node in await store.GetNodesAsync(otherIds, cancellationToken).ConfigureAwait(false))
        {
            _nodes[node.Id] = node;
        }
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
