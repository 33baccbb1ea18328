using Tether.Core.Graph;

namespace Tether.Storage.Postgres;

/// <summary>
/// A batch's edges as columns, one row per stored edge (from, type, to, method). PostgreSQL refuses to let one
/// <c>INSERT … ON CONFLICT DO UPDATE</c> touch a row twice, so repeats are folded here exactly as successive per-row
/// upserts would leave the row: the last evidence (collector, confidence, document) wins, the window spans them all.
/// </summary>
internal sealed class EdgeRows
{
    private EdgeRows(int count)
    {
        From = new long[count];
        Types = new string[count];
        To = new long[count];
        Methods = new string[count];
        Collectors = new string[count];
        Confidences = new double[count];
        Documents = new string?[count];
        FirstSeen = new long[count];
        LastSeen = new long[count];
    }

    public long[] From { get; }
    public string[] Types { get; }
    public long[] To { get; }
    public string[] Methods { get; }
    public string[] Collectors { get; }
    public double[] Confidences { get; }
    public string?[] Documents { get; }
    public long[] FirstSeen { get; }
    public long[] LastSeen { get; }

    /// <param name="edges">The batch's edges in order.</param>
    /// <param name="collector">The batch's collector, for evidence that names none.</param>
    /// <param name="ids">Stored ids of every endpoint.</param>
    public static EdgeRows Fold(IReadOnlyList<GraphEdge> edges, string collector, IReadOnlyDictionary<NodeRef, long> ids)
    {
        var rows = new Dictionary<(long From, string Type, long To, string Method), int>(edges.Count);
        var order = new List<GraphEdge>(edges.Count);
        var windows = new List<(long First, long Last)>(edges.Count);
        foreach (var edge in edges)
        {
            var key = (ids[edge.From], edge.Type, ids[edge.To], edge.Evidence.Method);
            var at = edge.Evidence.ObservedAt.ToUnixMs();
            if (rows.TryGetValue(key, out var row))
            {
                order[row] = edge;
                windows[row] = (Math.Min(windows[row].First, at), Math.Max(windows[row].Last, at));
            }
            else
            {
                rows[key] = order.Count;
                order.Add(edge);
                windows.Add((at, at));
            }
        }

        var result = new EdgeRows(order.Count);
        foreach (var ((from, type, to, method), row) in rows)
        {
            var evidence = order[row].Evidence;
            result.From[row] = from;
            result.Types[row] = type;
            result.To[row] = to;
            result.Methods[row] = method;
            result.Collectors[row] = string.IsNullOrEmpty(evidence.Collector) ? collector : evidence.Collector;
            result.Confidences[row] = evidence.Confidence;
            result.Documents[row] = evidence.Document;
            (result.FirstSeen[row], result.LastSeen[row]) = windows[row];
        }

        return result;
    }
}
