using System.Collections.Concurrent;
using System.Text;

namespace Tether.Core.Graph;

/// <summary>
/// The graph's structure held in memory: every node's kind, key and state, and every edge as a pair of node indexes
/// with its type, in both directions — no properties, no evidence. Queries that walk the whole estate (the explorer's
/// "running", "pushed and not deployed", a package's running blast radius) walk this in microseconds per hop instead
/// of a store round trip per hop, and load properties only for the few nodes they show or filter on.
/// A topology is an immutable picture of one store <see cref="Generation"/>; <see cref="GraphTopologyCache"/> keeps
/// the latest one and reloads it when the store has changed.
/// Nodes are addressed by a dense index (0 … <see cref="NodeCount"/> − 1); <see cref="IdOf"/> gives the store id.
/// </summary>
public sealed class GraphTopology
{
    private readonly long[] _ids;
    private readonly Dictionary<long, int> _indexOf;
    private readonly byte[] _kinds;
    private readonly string[] _kindNames;
    private readonly int[][] _byKind;
    private readonly NodeStates[] _states;
    private readonly byte[] _keys;
    private readonly int[] _keyOffsets;
    private readonly string?[] _tags;
    private readonly string[] _typeNames;
    private readonly Adjacency _outgoing;
    private readonly Adjacency _incoming;
    private readonly ConcurrentDictionary<object, object> _memo = new();

    internal GraphTopology(
        long generation, long[] ids, Dictionary<long, int> indexOf, byte[] kinds, string[] kindNames, NodeStates[] states, byte[] keys, int[] keyOffsets,
        string?[] tags, string[] typeNames, Adjacency outgoing, Adjacency incoming)
    {
        Generation = generation;
        _ids = ids;
        _kinds = kinds;
        _kindNames = kindNames;
        _states = states;
        _keys = keys;
        _keyOffsets = keyOffsets;
        _tags = tags;
        _typeNames = typeNames;
        _outgoing = outgoing;
        _incoming = incoming;
        _indexOf = indexOf;

        var counts = new int[kindNames.Length];
        foreach (var kind in kinds)
        {
            counts[kind]++;
        }

        _byKind = [.. counts.Select(c => new int[c])];
        Array.Clear(counts);
        for (var i = 0; i < kinds.Length; i++)
        {
            _byKind[kinds[i]][counts[kinds[i]]++] = i;
        }
    }

    /// <summary>The store's change counter this picture was read at (<see cref="IGraphStore.GetGenerationAsync"/>).</summary>
    public long Generation { get; }

    public int NodeCount => _ids.Length;

    public int EdgeCount => _outgoing.Targets.Length;

    public long IdOf(int node) => _ids[node];

    public bool TryIndexOf(long id, out int node) => _indexOf.TryGetValue(id, out node);

    public string KindOf(int node) => _kindNames[_kinds[node]];

    public bool IsKind(int node, string kind) => string.Equals(_kindNames[_kinds[node]], kind, StringComparison.Ordinal);

    /// <summary>The node's key, decoded on demand (the topology keeps keys as UTF-8 to stay small).</summary>
    public string KeyOf(int node) => Encoding.UTF8.GetString(_keys, _keyOffsets[node], _keyOffsets[node + 1] - _keyOffsets[node]);

    /// <summary>False once the node has ended (a deleted pod, a moved tag).</summary>
    public bool IsCurrent(int node) => (_states[node] & NodeStates.Ended) == 0;

    /// <summary>The property the store was asked to read for this node's kind (a pod's phase), or null.</summary>
    public string? TagOf(int node) => _tags[node];

    /// <summary>Every node of a kind (current or not), in store id order.</summary>
    public ReadOnlySpan<int> NodesOfKind(string kind)
    {
        var index = Array.IndexOf(_kindNames, kind);
        return index < 0 ? [] : _byKind[index];
    }

    /// <summary>The type id of an edge type, or −1 when no stored edge has it.</summary>
    public int TypeIdOf(string type) => Array.IndexOf(_typeNames, type);

    public string TypeName(int type) => _typeNames[type];

    /// <summary>The edges leaving (outgoing) or arriving at (incoming) a node.</summary>
    public EdgeSpan Edges(int node, EdgeDirection direction)
    {
        var adjacency = direction == EdgeDirection.Outgoing ? _outgoing : _incoming;
        var start = adjacency.Offsets[node];
        var length = adjacency.Offsets[node + 1] - start;
        return new EdgeSpan(
            adjacency.Targets.AsSpan(start, length),
            adjacency.Types.AsSpan(start, length),
            adjacency.CurrentForSource.AsSpan(start, length));
    }

    /// <summary>Roughly how much memory the picture holds (arrays and the id index), for metrics and benchmarks.</summary>
    public long ApproximateBytes =>
        (_ids.Length * (8L + 1 + 1 + 8 + 12)) + _keys.Length + (_keyOffsets.Length * 4L)
        + ((long)_outgoing.Targets.Length * 2 * (4 + 2 + 1)) + ((long)_outgoing.Offsets.Length * 2 * 4);

    /// <summary>
    /// A value derived from this picture of the graph (the environment of pods, which images are superseded…), made
    /// once by <paramref name="create"/> and kept with the picture: it is right until the store changes, and a new
    /// generation is a new topology with an empty memo. Thread-safe.
    /// </summary>
    public T Memo<T>(object key, Func<T> create) where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        return (T)_memo.GetOrAdd(key, _ => create());
    }

    /// <summary>Compressed adjacency of one direction: the edges of node i are [Offsets[i], Offsets[i+1]).</summary>
    internal sealed record Adjacency(int[] Offsets, int[] Targets, short[] Types, bool[] CurrentForSource);
}

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

[Flags]
internal enum NodeStates : byte
{
    None = 0,
    Ended = 1,
}
