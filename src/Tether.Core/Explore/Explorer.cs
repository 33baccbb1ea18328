using System.Diagnostics;
using Tether.Core.Explore.Evaluation;
using Tether.Core.Explore.Schema;
using Tether.Core.Explore.Syntax;
using Tether.Core.Graph;
using Tether.Core.Risk;
using Tether.Core.Trace;

namespace Tether.Core.Explore;

/// <summary>
/// The security explorer: parses a query (text or JSON form), checks it against the schema and evaluates it over the
/// graph set-at-a-time, within <see cref="QueryLimits"/>. The one entry point for the CLI and the REST API.
/// Relations are walked in the store's in-memory <see cref="GraphTopology"/>: pass the process's
/// <see cref="GraphTopologyCache"/> so queries share it (the server does); without one, the first query reads it.
/// </summary>
public sealed class Explorer(IGraphStore store, RiskSettings? settings = null, GraphTopologyCache? topology = null)
{
    private readonly GraphTopologyCache _topology = topology ?? new GraphTopologyCache(store);

    /// <summary>Parses the text form; malformed text throws <see cref="QueryException"/> with line, column and caret.</summary>
    public static QuerySyntax ParseText(string text, QueryLimits? limits = null)
    {
        limits ??= QueryLimits.Default;
        return QueryParser.Parse(text, EntityTypes.IsEntity, limits.MaxLength, limits.MaxDepth);
    }

    /// <summary>Parses the JSON form; errors name the JSON path.</summary>
    public static QuerySyntax ParseJson(ReadOnlySpan<byte> json, string source = "query", QueryLimits? limits = null) =>
        QueryJson.Parse(json, source, (limits ?? QueryLimits.Default).MaxDepth);

    /// <summary>Checks names, operators and values without running the query.</summary>
    public static void Validate(QuerySyntax query, string? text = null, QueryLimits? limits = null) =>
        new QueryBinder(text, (limits ?? QueryLimits.Default).MaxDepth).Bind(query);

    public Task<QueryResult> RunTextAsync(string text, QueryLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return RunAsync(ParseText(text, limits), text, limits, cancellationToken);
    }

    public Task<QueryResult> RunJsonAsync(ReadOnlyMemory<byte> json, QueryLimits? limits = null, CancellationToken cancellationToken = default) =>
        RunAsync(ParseJson(json.Span, "query", limits), null, limits, cancellationToken);

    /// <summary>
    /// Runs a parsed query. <paramref name="text"/> (the text it was parsed from, if any) lets schema errors point at a
    /// position. Throws <see cref="QueryException"/> for an invalid query, <see cref="QueryTimeoutException"/> past the
    /// time budget.
    /// </summary>
    public async Task<QueryResult> RunAsync(QuerySyntax query, string? text = null, QueryLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        limits ??= QueryLimits.Default;
        var bound = new QueryBinder(text, limits.MaxDepth).Bind(query);
        var clock = Stopwatch.StartNew();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(limits.Timeout);
        try
        {
            var graph = new GraphReader(store, budget.Token);
            var graphTopology = await _topology.GetAsync(budget.Token).ConfigureAwait(false);
            var evaluator = new QueryEvaluator(graphTopology, graph, settings ?? RiskSettings.Default, budget.Token);
            var matches = await evaluator.EvaluateAsync(bound, null).ConfigureAwait(false);
            var page = matches
                .Select(n => (Node: n, Key: graphTopology.KeyOf(n)))
                .OrderBy(n => n.Key, StringComparer.Ordinal)
                .Take(Math.Max(0, limits.MaxRows))
                .Select(n => n.Node)
                .ToList();
            var loaded = await evaluator.NodesAsync(page).ConfigureAwait(false);
            var rows = page.Select(n => (Index: n, Node: loaded[n])).ToList();
            var evidence = await EvidenceAsync(evaluator, bound, rows, limits.EvidencePerRelation).ConfigureAwait(false);
            return new QueryResult(
                QueryFormatter.Format(query),
                bound.Entity.Name,
                bound.Entity.Kind,
                matches.Count,
                rows.Count,
                rows.Count < matches.Count,
                Math.Round(clock.Elapsed.TotalMilliseconds, 1),
                [.. rows.Select(r => new QueryRow(r.Node.Kind, r.Node.Key, DisplayNames.Of(r.Node, graph.Facts<NodeFacts>(r.Node)), evidence.GetValueOrDefault(r.Index) ?? []))]);
        }
        catch (OperationCanceledException e) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new QueryTimeoutException($"the query ran longer than its time budget of {limits.Timeout.TotalSeconds:0.#} s; narrow it (add conditions) or raise the limit", e);
        }
    }

    /// <summary>For the returned rows only: the related entities of each top-level relation that satisfied it.</summary>
    private static async Task<Dictionary<int, List<QueryEvidence>>> EvidenceAsync(
        QueryEvaluator evaluator, BoundQuery query, List<(int Index, StoredNode Node)> rows, int perRelation)
    {
        var evidence = new Dictionary<int, List<QueryEvidence>>();
        if (rows.Count == 0 || query.Where is null)
        {
            return evidence;
        }

        var topology = evaluator.Topology;
        foreach (var relation in TopLevelRelations(query.Where))
        {
            var (pairs, _) = evaluator.WalkPairs(rows.Select(r => r.Index), relation.Relation.Steps, relation.Relation.ToKind, relation.Relation.History);
            var entity = EntityTypes.OfKind(relation.Relation.ToKind).Name;
            var shown = new Dictionary<int, (int Count, List<int> First)>();
            foreach (var (row, _) in rows)
            {
                if (pairs.TryGetValue(row, out var ends))
                {
                    var matched = ends.Where(n => relation.Matched.Contains(topology.IdOf(n))).OrderBy(topology.KeyOf, StringComparer.Ordinal).ToList();
                    if (matched.Count > 0)
                    {
                        shown[row] = (matched.Count, [.. matched.Take(perRelation)]);
                    }
                }
            }

            var nodes = await evaluator.NodesAsync(shown.Values.SelectMany(s => s.First).Distinct()).ConfigureAwait(false);
            foreach (var (row, (count, first)) in shown)
            {
                (evidence.TryGetValue(row, out var list) ? list : evidence[row] = []).Add(new QueryEvidence(
                    relation.Relation.Name,
                    entity,
                    count,
                    [.. first.Select(n => nodes[n]).Select(n => new QueryEntity(n.Kind, n.Key, DisplayNames.Of(n, evaluator.Graph.Facts<NodeFacts>(n))))]));
            }
        }

        return evidence;
    }

    /// <summary>Relations a row can have matched through: under AND/OR, not under NOT (a negation has no witnesses).</summary>
    private static IEnumerable<BoundRelation> TopLevelRelations(BoundCondition condition) => condition switch
    {
        BoundRelation relation => [relation],
        BoundAnd and => and.Operands.SelectMany(TopLevelRelations),
        BoundOr or => or.Operands.SelectMany(TopLevelRelations),
        _ => [],
    };
}
