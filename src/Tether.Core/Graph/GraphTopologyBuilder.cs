using System.Collections.Concurrent;
using System.Text;

namespace Tether.Core.Graph;

/// <summary>
/// Collects the rows a store streams (<see cref="IGraphStore.ReadTopologyAsync"/>) — nodes first, then edges — into a
/// <see cref="GraphTopology"/>: every row of the graph for a full read, or only the rows written since an earlier
/// picture (<see cref="From"/>), which are merged into a copy of it (a node or edge already known is updated in place,
/// a new one appended, so node indexes stay stable). Kinds, types and short tags are interned.
/// A builder builds one topology.
/// </summary>
public sealed class GraphTopologyBuilder
{
    private readonly List<long> _ids;
    private readonly Dictionary<long, int> _indexOf;
    private readonly List<byte> _kinds;
    private readonly List<long> _lastSeen;
    private readonly List<bool> _ended;
    private readonly List<string?> _tags;
    private readonly List<int> _keyOffsets;
    private byte[] _keys;
    private int _keyLength;
    private readonly Dictionary<string, int> _kindNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _typeNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tagValues = new(StringComparer.Ordinal);

    private readonly List<long> _edgeIds;
    private readonly List<int> _edgeFrom;
    private readonly List<int> _edgeTo;
    private readonly List<short> _edgeTypes;
    private readonly List<long> _edgeLastSeen;

    // For a merge: the picture merged into, how many of its edges are searched by id, and which kinds changed.
    private readonly GraphTopology? _previous;
    private readonly int _knownEdges;
    private readonly HashSet<string> _changedKinds = new(StringComparer.Ordinal);

    public GraphTopologyBuilder()
    {
        _ids = [];
        _indexOf = [];
        _kinds = [];
        _lastSeen = [];
        _ended = [];
        _tags = [];
        _keyOffsets = [0];
        _keys = new byte[1 << 16];
        _edgeIds = [];
        _edgeFrom = [];
        _edgeTo = [];
        _edgeTypes = [];
        _edgeLastSeen = [];
    }

    private GraphTopologyBuilder(GraphTopology previous)
    {
        var nodes = previous.Nodes;
        var edges = previous.EdgeList;
        _previous = previous;
        _ids = [.. nodes.Ids];
        _indexOf = new Dictionary<long, int>(nodes.IndexOf);
        _kinds = [.. nodes.Kinds];
        _lastSeen = [.. nodes.LastSeen];
        _ended = [.. nodes.Ended];
        _tags = [.. nodes.Tags];
        _keyOffsets = [.. nodes.KeyOffsets];
        _keys = (byte[])nodes.Keys.Clone();
        _keyLength = nodes.Keys.Length;
        for (var i = 0; i < nodes.KindNames.Length; i++)
        {
            _kindNames[nodes.KindNames[i]] = i;
        }

        for (var i = 0; i < previous.TypeNames.Length; i++)
        {
            _typeNames[previous.TypeNames[i]] = i;
        }

        _edgeIds = [.. edges.Ids];
        _edgeFrom = [.. edges.From];
        _edgeTo = [.. edges.To];
        _edgeTypes = [.. edges.Types];
        _edgeLastSeen = [.. edges.LastSeen];
        _knownEdges = edges.Ids.Length;
    }

    /// <summary>A builder that merges rows written after <paramref name="previous"/> into a copy of it.</summary>
    public static GraphTopologyBuilder From(GraphTopology previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return new GraphTopologyBuilder(previous);
    }

    /// <summary>Adds a node, or updates one already known. <paramref name="tag"/> is the property the store was asked for (<see cref="TopologyRequest"/>).</summary>
    public void AddNode(long id, string kind, string key, long lastSeenMs, bool ended, string? tag)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(key);
        // Phases repeat; times mostly do not, so only short values are interned.
        tag = tag is null || tag.Length > 16 ? tag : _tagValues.TryGetValue(tag, out var known) ? known : _tagValues[tag] = tag;
        if (_previous is not null)
        {
            _changedKinds.Add(kind);
        }

        if (_indexOf.TryGetValue(id, out var index))
        {
            _lastSeen[index] = lastSeenMs;
            _ended[index] = ended;
            _tags[index] = tag;
            return;
        }

        _indexOf.Add(id, _ids.Count);
        _ids.Add(id);
        _lastSeen.Add(lastSeenMs);
        _kinds.Add(checked((byte)Intern(_kindNames, kind)));
        _ended.Add(ended);
        _tags.Add(tag);
        var needed = _keyLength + Encoding.UTF8.GetMaxByteCount(key.Length);
        if (needed > _keys.Length)
        {
            Array.Resize(ref _keys, Math.Max(needed, checked(_keys.Length * 2)));
        }

        _keyLength += Encoding.UTF8.GetBytes(key, 0, key.Length, _keys, _keyLength);
        _keyOffsets.Add(_keyLength);
    }

    /// <summary>Adds an edge between two known nodes, or updates one already known; an edge to an unknown node is skipped.</summary>
    public void AddEdge(long id, long fromId, string type, long toId, long lastSeenMs)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!_indexOf.TryGetValue(fromId, out var from) || !_indexOf.TryGetValue(toId, out var to))
        {
            return;
        }

        if (_previous is not null)
        {
            _changedKinds.Add(KindName(from));
            _changedKinds.Add(KindName(to));
            var known = _edgeIds.BinarySearch(0, _knownEdges, id, null);
            if (known >= 0)
            {
                // An edge's endpoints and type never change; a new observation moves its last-seen time.
                _edgeLastSeen[known] = lastSeenMs;
                return;
            }
        }

        _edgeIds.Add(id);
        _edgeFrom.Add(from);
        _edgeTo.Add(to);
        _edgeTypes.Add(checked((short)Intern(_typeNames, type)));
        _edgeLastSeen.Add(lastSeenMs);
    }

    public GraphTopology Build(long generation)
    {
        var kindNames = Names(_kindNames);
        var nodes = new TopologyNodes(
            [.. _ids], _indexOf, [.. _kinds], kindNames, [.. _lastSeen], [.. _ended], _keys[.._keyLength], [.. _keyOffsets], [.. _tags]);
        var edges = new TopologyEdges([.. _edgeIds], [.. _edgeFrom], [.. _edgeTo], [.. _edgeTypes], [.. _edgeLastSeen]);
        SortById(edges, _knownEdges);

        // Values derived from kinds nothing changed still hold.
        var memo = new ConcurrentDictionary<object, GraphTopology.MemoEntry>();
        if (_previous is not null)
        {
            foreach (var (key, entry) in _previous.MemoEntries)
            {
                if (entry.DependsOn is { } kinds && !kinds.Overlaps(_changedKinds))
                {
                    memo[key] = entry;
                }
            }
        }

        return new GraphTopology(generation, nodes, edges, Names(_typeNames), memo);
    }

    private string KindName(int node)
    {
        var kind = _kinds[node];
        foreach (var (name, index) in _kindNames)
        {
            if (index == kind)
            {
                return name;
            }
        }

        throw new InvalidOperationException($"kind {kind}");
    }

    /// <summary>
    /// Keeps edges in id order, so a later merge finds an edge by binary search. A full read arrives in id order and a
    /// merge appends a delta after the known edges: only the delta is sorted, unless ids were not assigned in commit
    /// order (then everything is).
    /// </summary>
    private static void SortById(TopologyEdges edges, int sortedPrefix)
    {
        SortRange(edges, sortedPrefix);
        if (sortedPrefix > 0 && sortedPrefix < edges.Ids.Length && edges.Ids[sortedPrefix] < edges.Ids[sortedPrefix - 1])
        {
            SortRange(edges, 0);
        }
    }

    private static void SortRange(TopologyEdges edges, int start)
    {
        var ids = edges.Ids;
        var sorted = true;
        for (var i = start + 1; i < ids.Length && sorted; i++)
        {
            sorted = ids[i] >= ids[i - 1];
        }

        if (sorted)
        {
            return;
        }

        var order = Enumerable.Range(start, ids.Length - start).ToArray();
        Array.Sort(ids[start..], order);
        Permute(edges.Ids, start, order);
        Permute(edges.From, start, order);
        Permute(edges.To, start, order);
        Permute(edges.Types, start, order);
        Permute(edges.LastSeen, start, order);
    }

    private static void Permute<T>(T[] values, int start, int[] order)
    {
        var copy = (T[])values.Clone();
        for (var i = 0; i < order.Length; i++)
        {
            values[start + i] = copy[order[i]];
        }
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
