using System.Collections.Concurrent;
using System.Text;

namespace Tether.Core.Graph;

/// <summary>
/// The graph's structure held in memory: every node's kind, key and state, and every edge as a pair of node indexes
/// with its type, in both directions — no properties, no evidence. Queries that walk the whole estate (the explorer's
/// "running", "pushed and not deployed", a vulnerability's running blast radius) walk this in microseconds per hop
/// instead of a store round trip per hop, and load properties only for the few nodes they show or filter on.
/// A topology is an immutable picture of one store <see cref="Generation"/>; <see cref="GraphTopologyCache"/> keeps
/// the latest one and brings it up to date by reading only what changed.
/// Nodes are addressed by a dense index (0 … <see cref="NodeCount"/> − 1) that stays the same in later pictures of
/// the same store; <see cref="IdOf"/> gives the store id.
/// </summary>
public sealed class GraphTopology
{
    private readonly ConcurrentDictionary<object, MemoEntry> _memo;

    internal GraphTopology(long generation, TopologyNodes nodes, TopologyEdges edges, string[] typeNames, ConcurrentDictionary<object, MemoEntry> memo)
    {
        Generation = generation;
        Nodes = nodes;
        EdgeList = edges;
        TypeNames = typeNames;
        _memo = memo;
        Outgoing = Adjacency.Of(nodes, edges, outgoing: true);
        Incoming = Adjacency.Of(nodes, edges, outgoing: false);
        var counts = new int[nodes.KindNames.Length];
        foreach (var kind in nodes.Kinds)
        {
            counts[kind]++;
        }

        ByKind = [.. counts.Select(c => new int[c])];
        Array.Clear(counts);
        for (var i = 0; i < nodes.Kinds.Length; i++)
        {
            ByKind[nodes.Kinds[i]][counts[nodes.Kinds[i]]++] = i;
        }
    }

    /// <summary>The store's change counter this picture was read at (<see cref="IGraphStore.GetGenerationAsync"/>).</summary>
    public long Generation { get; }

    public int NodeCount => Nodes.Ids.Length;

    public int EdgeCount => EdgeList.Ids.Length;

    internal TopologyNodes Nodes { get; }

    internal TopologyEdges EdgeList { get; }

    internal string[] TypeNames { get; }

    internal ConcurrentDictionary<object, MemoEntry> MemoEntries => _memo;

    private Adjacency Outgoing { get; }

    private Adjacency Incoming { get; }

    private int[][] ByKind { get; }

    public long IdOf(int node) => Nodes.Ids[node];

    public bool TryIndexOf(long id, out int node) => Nodes.IndexOf.TryGetValue(id, out node);

    public string KindOf(int node) => Nodes.KindNames[Nodes.Kinds[node]];

    public bool IsKind(int node, string kind) => string.Equals(KindOf(node), kind, StringComparison.Ordinal);

    /// <summary>The node's key, decoded on demand (the topology keeps keys as UTF-8 to stay small).</summary>
    public string KeyOf(int node) => Encoding.UTF8.GetString(Nodes.Keys, Nodes.KeyOffsets[node], Nodes.KeyOffsets[node + 1] - Nodes.KeyOffsets[node]);

    /// <summary>False once the node has ended (a deleted pod, a moved tag).</summary>
    public bool IsCurrent(int node) => !Nodes.Ended[node];

    /// <summary>The property the store was asked to read for this node's kind (a pod's phase), or null.</summary>
    public string? TagOf(int node) => Nodes.Tags[node];

    /// <summary>Every node of a kind (current or not), in index order.</summary>
    public ReadOnlySpan<int> NodesOfKind(string kind)
    {
        var index = Array.IndexOf(Nodes.KindNames, kind);
        return index < 0 ? [] : ByKind[index];
    }

    /// <summary>The type id of an edge type, or −1 when no stored edge has it.</summary>
    public int TypeIdOf(string type) => Array.IndexOf(TypeNames, type);

    /// <summary>The edges leaving (outgoing) or arriving at (incoming) a node.</summary>
    public EdgeSpan Edges(int node, EdgeDirection direction)
    {
        var adjacency = direction == EdgeDirection.Outgoing ? Outgoing : Incoming;
        var start = adjacency.Offsets[node];
        var length = adjacency.Offsets[node + 1] - start;
        return new EdgeSpan(
            adjacency.Targets.AsSpan(start, length),
            adjacency.Types.AsSpan(start, length),
            adjacency.CurrentForSource.AsSpan(start, length));
    }

    /// <summary>Roughly how much memory the picture holds (arrays and the id index), for metrics and benchmarks.</summary>
    public long ApproximateBytes =>
        (NodeCount * (8L + 1 + 8 + 1 + 8 + 4 + 24)) + Nodes.Keys.Length
        + (EdgeCount * (8L + 4 + 4 + 2 + 8)) + (EdgeCount * 2L * (4 + 2 + 1)) + (NodeCount * 2L * 4);

    /// <summary>
    /// A value derived from this picture of the graph (the environment of pods, which images are superseded…), made
    /// once by <paramref name="create"/> and kept with the picture. <paramref name="dependsOn"/> names the node kinds the
    /// value is derived from: when the store changes but no node of those kinds (nor any edge touching one) did, the
    /// next picture keeps the value; without it, the value lasts only for this generation. Values keyed by node index
    /// must hold only for the nodes they list (later pictures add nodes, never renumber). Thread-safe.
    /// </summary>
    public T Memo<T>(object key, Func<T> create, IReadOnlyCollection<string>? dependsOn = null) where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        return (T)_memo.GetOrAdd(key, _ => new MemoEntry(create(), dependsOn is null ? null : [.. dependsOn])).Value;
    }

    internal sealed record MemoEntry(object Value, HashSet<string>? DependsOn);

    /// <summary>Compressed adjacency of one direction: the edges of node i are [Offsets[i], Offsets[i+1]).</summary>
    private sealed record Adjacency(int[] Offsets, int[] Targets, short[] Types, bool[] CurrentForSource)
    {
        public static Adjacency Of(TopologyNodes nodes, TopologyEdges edges, bool outgoing)
        {
            var count = nodes.Ids.Length;
            var offsets = new int[count + 1];
            var origins = outgoing ? edges.From : edges.To;
            var others = outgoing ? edges.To : edges.From;
            foreach (var origin in origins)
            {
                offsets[origin + 1]++;
            }

            for (var i = 0; i < count; i++)
            {
                offsets[i + 1] += offsets[i];
            }

            var next = (int[])offsets.Clone();
            var targets = new int[origins.Length];
            var types = new short[origins.Length];
            var current = new bool[origins.Length];
            for (var e = 0; e < origins.Length; e++)
            {
                var slot = next[origins[e]]++;
                targets[slot] = others[e];
                types[slot] = edges.Types[e];
                // Re-stated the last time its source node was observed (the trace's Hop.IsCurrentFor).
                current[slot] = edges.LastSeen[e] >= nodes.LastSeen[edges.From[e]];
            }

            return new Adjacency(offsets, targets, types, current);
        }
    }
}

/// <summary>The nodes of a topology, by index.</summary>
internal sealed record TopologyNodes(
    long[] Ids, Dictionary<long, int> IndexOf, byte[] Kinds, string[] KindNames, long[] LastSeen, bool[] Ended,
    byte[] Keys, int[] KeyOffsets, string?[] Tags);

/// <summary>The edges of a topology in store id order (endpoints as node indexes).</summary>
internal sealed record TopologyEdges(long[] Ids, int[] From, int[] To, short[] Types, long[] LastSeen);

/// <summary>
/// A node's edges in one direction: the node at the other end, the edge type id, and whether the edge was re-stated
/// the last time its source node was observed (a pod or container is observed whole with its links, so an older link
/// is history — the rule of the trace's <c>Hop.IsCurrentFor</c>).
/// </summary>
public readonly ref struct EdgeSpan(ReadOnlySpan<int> others, ReadOnlySpan<short> types, ReadOnlySpan<bool> currentForSource)
{
    public ReadOnlySpan<int> Others { get; } = others;

    public ReadOnlySpan<short> Types { get; } = types;

    public ReadOnlySpan<bool> CurrentForSource { get; } = currentForSource;

    public int Length => Others.Length;
}
