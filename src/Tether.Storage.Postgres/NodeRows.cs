using Tether.Core.Graph;

namespace Tether.Storage.Postgres;

/// <summary>A batch's nodes as columns (one array per column), the shape the set-based statements take.</summary>
internal sealed class NodeRows
{
    private readonly Dictionary<NodeRef, int> _index;

    private NodeRows(NodeFacts[] facts)
    {
        Facts = facts;
        Kinds = new string[facts.Length];
        Keys = new string[facts.Length];
        Props = new string[facts.Length];
        _index = new Dictionary<NodeRef, int>(facts.Length);
        for (var i = 0; i < facts.Length; i++)
        {
            Kinds[i] = facts[i].Kind;
            Keys[i] = facts[i].Key;
            Props[i] = FactsCodec.Encode(facts[i]);
            _index[facts[i].Ref] = i;
        }
    }

    public NodeFacts[] Facts { get; }
    public string[] Kinds { get; }
    public string[] Keys { get; }
    public string[] Props { get; }
    public int Count => Facts.Length;

    // GraphBatch already merged facts about one node into one entry, so each ref is one row.
    public static NodeRows From(IReadOnlyCollection<NodeFacts> nodes) => new([.. nodes]);

    public bool Contains(NodeRef node) => _index.ContainsKey(node);

    /// <summary>Every (alias, node id) pair once, the ids being those the nodes were stored under.</summary>
    public (string[] Aliases, long[] NodeIds) Aliases(IReadOnlyDictionary<NodeRef, long> ids)
    {
        var pairs = new HashSet<(string Alias, long Id)>();
        foreach (var facts in Facts)
        {
            var id = ids[facts.Ref];
            foreach (var alias in facts.Aliases)
            {
                pairs.Add((alias, id));
            }
        }

        return (pairs.Select(p => p.Alias).ToArray(), pairs.Select(p => p.Id).ToArray());
    }
}
