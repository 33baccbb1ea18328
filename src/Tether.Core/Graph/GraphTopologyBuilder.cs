using System.Text;

namespace Tether.Core.Graph;

/// <summary>
/// Collects the rows a store streams (<see cref="IGraphStore.ReadTopologyAsync"/>) — all nodes first, then all edges —
/// into a <see cref="GraphTopology"/>. Kinds, types and tags are interned: an estate has a few dozen of each.
/// A builder builds one topology (it hands its arrays over).
/// </summary>
public sealed class GraphTopologyBuilder
{
    private readonly List<long> _ids = [];
    private readonly List<long> _lastSeen = [];
    private readonly List<byte> _kinds = [];
    private readonly List<NodeStates> _states = [];
    private readonly List<string?> _tags = [];
    private readonly List<int> _keyOffsets = [0];
    private byte[] _keys = new byte[1 << 16];
    private int _keyLength;
    private readonly Dictionary<long, int> _indexOf = [];
    private readonly Dictionary<string, int> _kindNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _typeNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tagValues = new(StringComparer.Ordinal);
    private readonly List<(int From, short Type, int To, bool Current)> _edges = [];

    /// <summary>Adds a node. <paramref name="tag"/> is the property the store was asked for (<see cref="TopologyRequest"/>).</summary>
    public void AddNode(long id, string kind, string key, long lastSeenMs, bool ended, string? tag)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(key);
        _indexOf.Add(id, _ids.Count);
        _ids.Add(id);
        _lastSeen.Add(lastSeenMs);
        _kinds.Add(checked((byte)Intern(_kindNames, kind)));
        _states.Add(ended ? NodeStates.Ended : NodeStates.None);
        // Phases repeat; times mostly do not, so only short values are interned.
        _tags.Add(tag is null ? null : tag.Length > 16 ? tag : _tagValues.TryGetValue(tag, out var known) ? known : _tagValues[tag] = tag);
        var needed = _keyLength + Encoding.UTF8.GetMaxByteCount(key.Length);
        if (needed > _keys.Length)
        {
            Array.Resize(ref _keys, Math.Max(needed, checked(_keys.Length * 2)));
        }

        _keyLength += Encoding.UTF8.GetBytes(key, 0, key.Length, _keys, _keyLength);
        _keyOffsets.Add(_keyLength);
    }

    /// <summary>Adds an edge between two nodes added before; an edge to an unknown node is skipped.</summary>
    public void AddEdge(long fromId, string type, long toId, long lastSeenMs)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!_indexOf.TryGetValue(fromId, out var from) || !_indexOf.TryGetValue(toId, out var to))
        {
            return;
        }

        _edges.Add((from, checked((short)Intern(_typeNames, type)), to, lastSeenMs >= _lastSeen[from]));
    }

    public GraphTopology Build(long generation)
    {
        var count = _ids.Count;
        return new GraphTopology(
            generation,
            [.. _ids],
            _indexOf,
            [.. _kinds],
            Names(_kindNames),
            [.. _states],
            _keys[.._keyLength],
            [.. _keyOffsets],
            [.. _tags],
            Names(_typeNames),
            Compress(count, _edges, outgoing: true),
            Compress(count, _edges, outgoing: false));
    }

    private static GraphTopology.Adjacency Compress(int nodes, List<(int From, short Type, int To, bool Current)> edges, bool outgoing)
    {
        var offsets = new int[nodes + 1];
        foreach (var edge in edges)
        {
            offsets[(outgoing ? edge.From : edge.To) + 1]++;
        }

        for (var i = 0; i < nodes; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var next = (int[])offsets.Clone();
        var targets = new int[edges.Count];
        var types = new short[edges.Count];
        var current = new bool[edges.Count];
        foreach (var (from, type, to, isCurrent) in edges)
        {
            var slot = next[outgoing ? from : to]++;
            targets[slot] = outgoing ? to : from;
            types[slot] = type;
            current[slot] = isCurrent;
        }

        return new GraphTopology.Adjacency(offsets, targets, types, current);
    }

    private static int Intern(Dictionary<string, int> names, string name)
    {
        if (!names.TryGetValue(name, out var index))
        {
            index = names.Count;
            names[name] = index;
        }

        return index;
    }

    private static string[] Names(Dictionary<string, int> names)
    {
        var result = new string[names.Count];
        foreach (var (name, index) in names)
        {
            result[index] = name;
        }

        return result;
    }
}

/// <summary>
/// What a topology read includes beyond structure: for some kinds, one top-level property read as text, so the
/// questions asked of every node of the kind need no properties loaded.
/// </summary>
public sealed record TopologyRequest(IReadOnlyDictionary<string, string> TagProperties)
{
    /// <summary>
    /// What the explorer needs: the phase of pods ("running"), and build times — a pipeline run's start, an image's
    /// created time — ("superseded").
    /// </summary>
    public static TopologyRequest Default { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [NodeKinds.Pod] = "phase",
        [NodeKinds.PipelineRun] = "startedAt",
        [NodeKinds.Image] = "created",
    });
}
