using Tether.Core.Explore.Schema;
using Tether.Core.Graph;
using Tether.Core.Risk;
using Tether.Core.Trace;

namespace Tether.Core.Explore.Evaluation;

/// <summary>
/// Set-at-a-time evaluation over the store: a relation's inner query is evaluated first into a set, then the edges are
/// walked in bulk back to the entities that reach it (or, when the candidates are already few, forward from them), and
/// AND / OR / NOT intersect, unite and subtract sets. Every store call takes many ids; none is made per entity.
/// </summary>
internal sealed class QueryEvaluator(GraphReader graph, RiskSettings settings, CancellationToken cancellationToken)
{
    /// <summary>The user's environment and data mappings: derived properties read labels exactly as the trace does.</summary>
    public RiskSettings Settings => settings;

    /// <summary>Below this many candidates a relation is checked by walking forward from them instead of back from every match.</summary>
    public const int ForwardThreshold = 5_000;

    private const int PageSize = 5_000;
    private static readonly HashSet<string> RuntimeKinds = [NodeKinds.Pod, NodeKinds.Container, NodeKinds.Workload];
    private readonly Dictionary<string, Dictionary<long, StoredNode>> _all = [];

    public GraphReader Graph => graph;

    public async Task<Dictionary<long, StoredNode>> EvaluateAsync(BoundQuery query, Dictionary<long, StoredNode>? restrict)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (query.Where is null)
        {
            return restrict ?? await AllAsync(query.Entity.Kind).ConfigureAwait(false);
        }

        return await EvaluateAsync(query.Entity.Kind, query.Where, restrict).ConfigureAwait(false);
    }

    private async Task<Dictionary<long, StoredNode>> EvaluateAsync(string kind, BoundCondition condition, Dictionary<long, StoredNode>? restrict)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (condition)
        {
            case BoundAnd and:
            {
                var current = restrict;
                foreach (var operand in Order(and.Operands, restrict is null))
                {
                    current = await EvaluateAsync(kind, operand, current).ConfigureAwait(false);
                    if (current.Count == 0)
                    {
                        break;
                    }
                }

                return current ?? await AllAsync(kind).ConfigureAwait(false);
            }

            case BoundOr or:
            {
                var union = new Dictionary<long, StoredNode>();
                foreach (var operand in or.Operands)
                {
                    foreach (var (id, node) in await EvaluateAsync(kind, operand, restrict).ConfigureAwait(false))
                    {
                        union.TryAdd(id, node);
                    }
                }

                return union;
            }

            case BoundNot not:
            {
                var universe = restrict ?? await AllAsync(kind).ConfigureAwait(false);
                var excluded = await EvaluateAsync(kind, not.Operand, universe).ConfigureAwait(false);
                return universe.Where(p => !excluded.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value);
            }

            case BoundCompare compare:
                return await CompareAsync(compare, restrict ?? await AllAsync(kind).ConfigureAwait(false)).ConfigureAwait(false);

            case BoundRelation relation:
                return await RelationAsync(relation, restrict).ConfigureAwait(false);

            default:
                throw new InvalidOperationException(condition.GetType().Name);
        }
    }

    /// <summary>
    /// The order AND operands run in: with no candidates yet, a positive relation first (its matches are usually far fewer
    /// than every node of the kind); then cheap filters on the node's own facts, derived properties, relations, negations.
    /// </summary>
    private static IEnumerable<BoundCondition> Order(IReadOnlyList<BoundCondition> operands, bool unrestricted)
    {
        static int Cost(BoundCondition c) => c switch
        {
            BoundCompare { Property.Source: PropertySource.Facts } => 0,
            BoundCompare => 1,
            BoundRelation => 2,
            BoundOr => 3,
            _ => 4,
        };

        var ordered = operands.OrderBy(Cost).ToList();
        var first = unrestricted ? ordered.OfType<BoundRelation>().OrderBy(Selectivity).FirstOrDefault() : null;
        return first is null ? ordered : ordered.Where(o => !ReferenceEquals(o, first)).Prepend(first);
    }

    /// <summary>
    /// A rough guess of how many entities a relation's inner query yields, lower first: an inner query with conditions
    /// before a bare one, and kinds an estate has few of (vulnerabilities, repositories) before kinds it has many of
    /// (pods, containers, packages). No statistics are read: the order only decides where the walk starts.
    /// </summary>
    private static int Selectivity(BoundRelation relation) =>
        (relation.Inner.Where is null ? 10 : 0) + relation.Relation.ToKind switch
        {
            NodeKinds.Vulnerability or NodeKinds.Cluster or NodeKinds.SourceRepository or NodeKinds.ServiceAccount => 0,
            NodeKinds.Namespace or NodeKinds.Service or NodeKinds.Ingress or NodeKinds.Attestation => 1,
            NodeKinds.Commit or NodeKinds.PipelineRun or NodeKinds.Finding => 2,
            NodeKinds.Image or NodeKinds.ImageReference or NodeKinds.Workload => 3,
            _ => 4,
        };

    private async Task<Dictionary<long, StoredNode>> RelationAsync(BoundRelation relation, Dictionary<long, StoredNode>? restrict)
    {
        var definition = relation.Relation;
        if (restrict is not null && restrict.Count <= ForwardThreshold)
        {
            var (pairs, reached) = await WalkPairsAsync(restrict, definition.Steps, definition.ToKind, definition.History).ConfigureAwait(false);
            var matched = await EvaluateAsync(relation.Inner, reached).ConfigureAwait(false);
            relation.Matched.UnionWith(matched.Keys);
            return restrict.Where(p => pairs.TryGetValue(p.Key, out var ends) && ends.Overlaps(matched.Keys)).ToDictionary(p => p.Key, p => p.Value);
        }

        var targets = await EvaluateAsync(relation.Inner, null).ConfigureAwait(false);
        relation.Matched.UnionWith(targets.Keys);
        var sources = await WalkAsync(targets, definition.ReversedSteps, definition.FromKind, definition.History).ConfigureAwait(false);
        return restrict is null
            ? sources
            : sources.Where(p => restrict.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value);
    }

    /// <summary>Every current node of a kind, read in pages once per query.</summary>
    public async Task<Dictionary<long, StoredNode>> AllAsync(string kind)
    {
        if (_all.TryGetValue(kind, out var cached))
        {
            return cached;
        }

        var all = new Dictionary<long, StoredNode>();
        string? after = null;
        while (true)
        {
            var page = await graph.Store.ListNodesAsync(kind, after, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var node in page.Where(n => n.IsCurrent))
            {
                all[node.Id] = node;
            }

            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1].Key;
        }

        _all[kind] = all;
        return all;
    }

    /// <summary>The nodes of <paramref name="kind"/> reached from <paramref name="start"/> along any of the paths.</summary>
    public async Task<Dictionary<long, StoredNode>> WalkAsync(Dictionary<long, StoredNode> start, IReadOnlyList<IReadOnlyList<PathStep>> paths, string kind, bool history)
    {
        var result = new Dictionary<long, StoredNode>();
        start = history ? start : start.Where(p => AdmitsNode(p.Value)).ToDictionary(p => p.Key, p => p.Value);
        foreach (var path in paths)
        {
            var frontier = start;
            foreach (var step in path)
            {
                if (frontier.Count == 0)
                {
                    break;
                }

                var next = step.Optional ? new Dictionary<long, StoredNode>(frontier) : [];
                foreach (var hop in await StepAsync(frontier.Values, step, history).ConfigureAwait(false))
                {
                    next.TryAdd(hop.Node.Id, hop.Node);
                }

                frontier = next;
            }

            foreach (var (id, node) in frontier)
            {
                if (node.Kind == kind)
                {
                    result.TryAdd(id, node);
                }
            }
        }

        return result;
    }

    /// <summary>Like <see cref="WalkAsync"/>, remembering which start node reached which end node (for few start nodes).</summary>
    public async Task<(Dictionary<long, HashSet<long>> Pairs, Dictionary<long, StoredNode> Reached)> WalkPairsAsync(
        Dictionary<long, StoredNode> start, IReadOnlyList<IReadOnlyList<PathStep>> paths, string kind, bool history)
    {
        var pairs = new Dictionary<long, HashSet<long>>();
        var reached = new Dictionary<long, StoredNode>();
        start = history ? start : start.Where(p => AdmitsNode(p.Value)).ToDictionary(p => p.Key, p => p.Value);
        foreach (var path in paths)
        {
            var frontier = start.ToDictionary(p => p.Key, p => (Node: p.Value, Origins: new HashSet<long> { p.Key }));
            foreach (var step in path)
            {
                if (frontier.Count == 0)
                {
                    break;
                }

                var next = step.Optional
                    ? frontier.ToDictionary(p => p.Key, p => (p.Value.Node, Origins: new HashSet<long>(p.Value.Origins)))
                    : [];
                foreach (var hop in await StepAsync(frontier.Values.Select(f => f.Node), step, history).ConfigureAwait(false))
                {
                    if (!next.TryGetValue(hop.Node.Id, out var entry))
                    {
                        entry = (hop.Node, []);
                        next[hop.Node.Id] = entry;
                    }

                    entry.Origins.UnionWith(frontier[hop.Origin.Id].Origins);
                }

                frontier = next;
            }

            foreach (var (id, entry) in frontier)
            {
                if (entry.Node.Kind != kind)
                {
                    continue;
                }

                reached.TryAdd(id, entry.Node);
                foreach (var origin in entry.Origins)
                {
                    (pairs.TryGetValue(origin, out var ends) ? ends : pairs[origin] = []).Add(id);
                }
            }
        }

        return (pairs, reached);
    }

    private async Task<List<Hop>> StepAsync(IEnumerable<StoredNode> from, PathStep step, bool history)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var nodes = from as IReadOnlyCollection<StoredNode> ?? [.. from];
        var hops = new List<Hop>();
        foreach (var direction in step.Edges.Select(e => e.Direction).Distinct())
        {
            var types = step.Edges.Where(e => e.Direction == direction).Select(e => e.Type).ToList();
            foreach (var hop in await graph.FollowAsync(nodes, direction, types).ConfigureAwait(false))
            {
                if (history || Admits(hop, direction))
                {
                    hops.Add(hop);
                }
            }
        }

        return hops;
    }

    /// <summary>
    /// The present only, by the trace's rules: ended nodes are gone, a finished pod runs nothing, and a link a pod or
    /// container no longer states (re-stated the last time it was observed) is history.
    /// </summary>
    private bool Admits(Hop hop, EdgeDirection direction)
    {
        if (!AdmitsNode(hop.Node))
        {
            return false;
        }

        var source = direction == EdgeDirection.Outgoing ? hop.Origin : hop.Node;
        return !RuntimeKinds.Contains(source.Kind) || hop.IsCurrentFor(source);
    }

    /// <summary>A node relations may start from or arrive at: current, and for a pod, not finished.</summary>
    private bool AdmitsNode(StoredNode node) =>
        node.IsCurrent && (node.Kind != NodeKinds.Pod || RuntimeResolver.IsRunning(graph, node));

    private async Task<Dictionary<long, StoredNode>> CompareAsync(BoundCompare compare, Dictionary<long, StoredNode> candidates)
    {
        var property = compare.Property;
        if (property.Source == PropertySource.Facts)
        {
            return candidates
                .Where(p => Comparisons.Matches(property.Read!(p.Value, graph.Facts<NodeFacts>(p.Value)), compare.Operator, compare.Value, property.Type))
                .ToDictionary(p => p.Key, p => p.Value);
        }

        var values = await DerivedProperties.ComputeAsync(this, property, candidates, cancellationToken).ConfigureAwait(false);
        return candidates
            .Where(p => Comparisons.Matches(values.GetValueOrDefault(p.Key), compare.Operator, compare.Value, property.Type))
            .ToDictionary(p => p.Key, p => p.Value);
    }
}
