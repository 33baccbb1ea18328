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
/// </summary>
public sealed class Explorer(IGraphStore store, RiskSettings? settings = null)
{
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
            var evaluator = new QueryEvaluator(graph, settings ?? RiskSettings.Default, budget.Token);
            var matches = await evaluator.EvaluateAsync(bound, null).ConfigureAwait(false);
            var rows = matches.Values.OrderBy(n => n.Key, StringComparer.Ordinal).Take(Math.Max(0, limits.MaxRows)).ToList();
            var evidence = await EvidenceAsync(evaluator, bound, rows, limits.EvidencePerRelation).ConfigureAwait(false);
            return new QueryResult(
                QueryFormatter.Format(query),
                bound.Entity.Name,
                bound.Entity.Kind,
                matches.Count,
                rows.Count,
                rows.Count < matches.Count,
                Math.Round(clock.Elapsed.TotalMilliseconds, 1),
                [.. rows.Select(n => new QueryRow(n.Kind, n.Key, DisplayNames.Of(n, graph.Facts<NodeFacts>(n)), evidence.GetValueOrDefault(n.Id) ?? []))]);
        }
        catch (OperationCanceledException e) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new QueryTimeoutException($"the query ran longer than its time budget of {limits.Timeout.TotalSeconds:0.#} s; narrow it (add conditions) or raise the limit", e);
        }
    }

    /// <summary>For the returned rows only: the related entities of each top-level relation that satisfied it.</summary>
    private static async Task<Dictionary<long, List<QueryEvidence>>> EvidenceAsync(
        QueryEvaluator evaluator, BoundQuery query, List<StoredNode> rows, int perRelation)
    {
        var evidence = new Dictionary<long, List<QueryEvidence>>();
        if (rows.Count == 0 || query.Where is null)
        {
            return evidence;
        }

        var start = rows.ToDictionary(n => n.Id);
        foreach (var relation in TopLevelRelations(query.Where))
        {
            var (pairs, reached) = await evaluator.WalkPairsAsync(start, relation.Relation.Steps, relation.Relation.ToKind, relation.Relation.History).ConfigureAwait(false);
            var entity = EntityTypes.OfKind(relation.Relation.ToKind).Name;
            foreach (var row in rows)
            {
                if (!pairs.TryGetValue(row.Id, out var ends))
                {
                    continue;
                }

                var matched = ends.Where(relation.Matched.Contains).Select(id => reached[id]).OrderBy(n => n.Key, StringComparer.Ordinal).ToList();
                if (matched.Count == 0)
                {
                    continue;
                }

                (evidence.TryGetValue(row.Id, out var list) ? list : evidence[row.Id] = []).Add(new QueryEvidence(
                    relation.Relation.Name,
                    entity,
                    matched.Count,
                    [.. matched.Take(perRelation).Select(n => new QueryEntity(n.Kind, n.Key, DisplayNames.Of(n, evaluator.Graph.Facts<NodeFacts>(n))))]));
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
