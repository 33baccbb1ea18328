namespace Tether.Core.Graph;

/// <summary>
/// Facts from one collector run, stored atomically: either the whole batch lands or none of it.
/// Nodes with the same key are merged (later properties win); edges refer to nodes by <see cref="NodeRef"/>
/// and may point at nodes stored by earlier batches.
/// </summary>
public sealed class GraphBatch(string collector, DateTimeOffset observedAt)
{
    private readonly Dictionary<NodeRef, NodeFacts> _nodes = [];
    private readonly List<GraphEdge> _edges = [];
    private readonly List<SnapshotScope> _snapshots = [];
    private readonly List<NodeRef> _ended = [];

    /// <summary>Name of the collector that produced the batch (e.g. <c>k8s-file</c>, <c>registry-sync</c>).</summary>
    public string Collector { get; } = collector;

    /// <summary>When the facts were observed; stored as the nodes' first/last seen.</summary>
    public DateTimeOffset ObservedAt { get; } = observedAt;

    public IReadOnlyCollection<NodeFacts> Nodes => _nodes.Values;
    public IReadOnlyList<GraphEdge> Edges => _edges;
    public IReadOnlyList<SnapshotScope> Snapshots => _snapshots;
    public IReadOnlyList<NodeRef> Ended => _ended;

    /// <summary>
    /// Adds facts about a node. Facts about a node already in the batch are merged as the store merges them:
    /// properties the new facts carry win, the others are kept (a provenance reader adding a bare image by
    /// digest must not erase the platform, config and history the registry sync put in the same batch).
    /// </summary>
    public T Add<T>(T facts) where T : NodeFacts
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.ReplacesStored && _nodes.TryGetValue(facts.Ref, out var existing))
        {
            facts = (T)FactsCodec.Decode(facts.Kind, facts.Key, FactsCodec.Merge(FactsCodec.Encode(existing), FactsCodec.Encode(facts)));
        }

        _nodes[facts.Ref] = facts;
        return facts;
    }

    public void Link(NodeRef from, string type, NodeRef to, Evidence evidence) =>
        _edges.Add(new GraphEdge(from, type, to, evidence));

    public void Link(NodeFacts from, string type, NodeFacts to, Evidence evidence)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        Link(from.Ref, type, to.Ref, evidence);
    }

    /// <summary>
    /// Declares the batch a complete snapshot of <paramref name="kind"/> nodes whose key starts with
    /// <paramref name="keyPrefix"/>: stored ones absent from the batch are marked ended at <see cref="ObservedAt"/>
    /// (a pod deleted since the last collection), and ones present are current again.
    /// </summary>
    public void DeclareSnapshot(string kind, string keyPrefix) =>
        _snapshots.Add(new SnapshotScope(kind, keyPrefix));

    /// <summary>
    /// Marks a stored node ended at <see cref="ObservedAt"/> (a finding resolved): for a collector that knows exactly
    /// what disappeared, where <see cref="DeclareSnapshot"/> would need the whole set. A node already ended stays as it was.
    /// </summary>
    public void End(NodeRef node) => _ended.Add(node);

    public bool IsEmpty => _nodes.Count == 0 && _edges.Count == 0 && _snapshots.Count == 0 && _ended.Count == 0;
}

/// <summary>See <see cref="GraphBatch.DeclareSnapshot"/>.</summary>
public sealed record SnapshotScope(string Kind, string KeyPrefix);
