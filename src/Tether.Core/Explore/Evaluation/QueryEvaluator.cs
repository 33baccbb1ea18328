using Tether.Core.Explore.Schema;
using Tether.Core.Graph;
using Tether.Core.Risk;
using Tether.Core.Trace;

namespace Tether.Core.Explore.Evaluation;

/// <summary>
/// Set-at-a-time evaluation over the in-memory <see cref="GraphTopology"/>: a relation's inner query is evaluated first
/// into a set of nodes, then the edges are walked back to the entities that reach it (or, when the candidates are
/// already few, forward from them), and AND / OR / NOT intersect, unite and subtract sets. Walks touch no store; node
/// properties are loaded (many ids per call) only for the sets a property condition filters and the rows returned.
/// Sets hold topology node indexes.
/// </summary>
internal sealed class QueryEvaluator(GraphTopology topology, GraphReader graph, RiskSettings settings, CancellationToken cancellationToken)
{
    /// <summary>Below this many candidates a relation is checked by walking forward from them instead of back from every match.</summary>
    public const int ForwardThreshold = 5_000;

    private static readonly HashSet<string> RuntimeKinds = [NodeKinds.Pod, NodeKinds.Container, NodeKinds.Workload];
    private readonly Dictionary<string, HashSet<int>> _all = [];
    private readonly Dictionary<int, StoredNode> _nodes = [];
    private readonly TopologyWalk _walk = new(topology);

    /// <summary>The user's environment and data mappings: derived properties read labels exactly as the trace does.</summary>
    public RiskSettings Settings => settings;

    public GraphTopology Topology => topology;

    public GraphReader Graph => graph;

    public CancellationToken CancellationToken => cancellationToken;

    public async Task<HashSet<int>> EvaluateAsync(BoundQuery query, HashSet<int>? restrict)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return query.Where is null
            ? restrict ?? All(query.Entity.Kind)
            : await EvaluateAsync(query.Entity.Kind, query.Where, restrict).ConfigureAwait(false);
    }

    private async Task<HashSet<int>> EvaluateAsync(string kind, BoundCondition condition, HashSet<int>? restrict)
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

                return current ?? All(kind);
            }

            case BoundOr or:
            {
                var union = new HashSet<int>();
                foreach (var operand in or.Operands)
                {
                    union.UnionWith(await EvaluateAsync(kind, operand, restrict).ConfigureAwait(false));
                }

                return union;
            }

            case BoundNot not:
            {
                var universe = restrict ?? All(kind);
                var excluded = await EvaluateAsync(kind, not.Operand, universe).ConfigureAwait(false);
                var result = new HashSet<int>(universe);
                result.ExceptWith(excluded);
                return result;
            }

            case BoundCompare compare:
                return await CompareAsync(compare, restrict ?? All(kind)).ConfigureAwait(false);

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

    private async Task<HashSet<int>> RelationAsync(BoundRelation relation, HashSet<int>? restrict)
    {
        var definition = relation.Relation;
        if (restrict is not null && restrict.Count <= ForwardThreshold)
        {
            var (pairs, reached) = WalkPairs(restrict, definition.Steps, definition.ToKind, definition.History);
            var matched = await EvaluateAsync(relation.Inner, reached).ConfigureAwait(false);
            relation.Matched.UnionWith(matched.Select(topology.IdOf));
            return [.. restrict.Where(n => pairs.TryGetValue(n, out var ends) && ends.Overlaps(matched))];
        }

        var targets = await EvaluateAsync(relation.Inner, null).ConfigureAwait(false);
        relation.Matched.UnionWith(targets.Select(topology.IdOf));
        var sources = Walk(targets, definition.ReversedSteps, definition.FromKind, definition.History);
        if (restrict is not null)
        {
            sources.IntersectWith(restrict);
        }

        return sources;
    }

    /// <summary>Every current node of a kind.</summary>
    public HashSet<int> All(string kind)
    {
        if (!_all.TryGetValue(kind, out var all))
        {
            all = [];
            foreach (var node in topology.NodesOfKind(kind))
            {
                if (topology.IsCurrent(node))
                {
                    all.Add(node);
                }
            }

            _all[kind] = all;
        }

        return all;
    }

    /// <summary>The nodes of <paramref name="kind"/> reached from <paramref name="start"/> along any of the paths.</summary>
    public HashSet<int> Walk(IEnumerable<int> start, IReadOnlyList<IReadOnlyList<PathStep>> paths, string kind, bool history)
    {
        var origins = history ? [.. start] : start.Where(AdmitsNode).ToList();
        var result = new HashSet<int>();
        foreach (var path in paths)
        {
            IReadOnlyCollection<int> frontier = origins;
            foreach (var step in path)
            {
                if (frontier.Count == 0)
                {
                    break;
                }

                var next = step.Optional ? new HashSet<int>(frontier) : [];
                Action<int, int> add = (_, other) => next.Add(other);
                foreach (var node in frontier)
                {
                    Step(node, step, history, add);
                }

                frontier = next;
            }

            foreach (var node in frontier)
            {
                if (topology.IsKind(node, kind))
                {
                    result.Add(node);
                }
            }
        }

        return result;
    }

    /// <summary>Like <see cref="Walk"/>, remembering which start node reached which end node (for few start nodes).</summary>
    public (Dictionary<int, HashSet<int>> Pairs, HashSet<int> Reached) WalkPairs(
        IEnumerable<int> start, IReadOnlyList<IReadOnlyList<PathStep>> paths, string kind, bool history)
    {
        var pairs = new Dictionary<int, HashSet<int>>();
        var reached = new HashSet<int>();
        var origins = history ? [.. start] : start.Where(AdmitsNode).ToList();
        foreach (var path in paths)
        {
            var frontier = origins.ToDictionary(n => n, n => new HashSet<int> { n });
            foreach (var step in path)
            {
                if (frontier.Count == 0)
                {
                    break;
                }

                var next = step.Optional ? frontier.ToDictionary(p => p.Key, p => new HashSet<int>(p.Value)) : [];
                foreach (var (node, from) in frontier)
                {
                    Step(node, step, history, (_, other) =>
                    {
                        if (!next.TryGetValue(other, out var set))
                        {
                            next[other] = set = [];
                        }

                        set.UnionWith(from);
                    });
                }

                frontier = next;
            }

            foreach (var (node, from) in frontier)
            {
                if (!topology.IsKind(node, kind))
                {
                    continue;
                }

                reached.Add(node);
                foreach (var origin in from)
                {
                    (pairs.TryGetValue(origin, out var ends) ? ends : pairs[origin] = []).Add(node);
                }
            }
        }

        return (pairs, reached);
    }

    /// <summary>Calls <paramref name="visit"/> for every admitted neighbour of <paramref name="node"/> along the step's edges.</summary>
    private void Step(int node, PathStep step, bool history, Action<int, int> visit)
    {
        foreach (var (type, direction) in step.Edges)
        {
            _walk.Each(node, type, direction, (other, currentForSource) =>
            {
                if (history || Admits(node, other, direction, currentForSource))
                {
                    visit(node, other);
                }
            });
        }
    }

    /// <summary>
    /// The present only, by the trace's rules: ended nodes are gone, a finished pod runs nothing, and a link a pod or
    /// container no longer states (re-stated the last time it was observed) is history.
    /// </summary>
    private bool Admits(int origin, int other, EdgeDirection direction, bool currentForSource)
    {
        if (!AdmitsNode(other))
        {
            return false;
        }

        var source = direction == EdgeDirection.Outgoing ? origin : other;
        return currentForSource || !RuntimeKinds.Contains(topology.KindOf(source));
    }

    /// <summary>A node relations may start from or arrive at: current, and for a pod, not finished.</summary>
    public bool AdmitsNode(int node) =>
        topology.IsCurrent(node) && (!topology.IsKind(node, NodeKinds.Pod) || !RuntimeResolver.IsFinished(topology.TagOf(node)));

    /// <summary>The stored nodes (with properties) of a set, read many ids per store call and kept for the query.</summary>
    public async Task<Dictionary<int, StoredNode>> NodesAsync(IEnumerable<int> nodes)
    {
        var set = nodes as IReadOnlyCollection<int> ?? [.. nodes];
        var missing = set.Where(n => !_nodes.ContainsKey(n)).Select(topology.IdOf).ToList();
        if (missing.Count > 0)
        {
            foreach (var node in await graph.Store.GetNodesAsync(missing, cancellationToken).ConfigureAwait(false))
            {
                if (topology.TryIndexOf(node.Id, out var index))
                {
                    _nodes[index] = node;
                }
            }
        }

        var result = new Dictionary<int, StoredNode>(set.Count);
        foreach (var node in set)
        {
            if (_nodes.TryGetValue(node, out var stored))
            {
                result[node] = stored;
            }
        }

        return result;
    }

    private async Task<HashSet<int>> CompareAsync(BoundCompare compare, HashSet<int> candidates)
    {
        var property = compare.Property;
        var values = await ValuesAsync(property, candidates).ConfigureAwait(false);
        return [.. candidates.Where(n => values.TryGetValue(n, out var value) && Comparisons.Matches(value, compare.Operator, compare.Value, property.Type))];
    }

    /// <summary>
    /// A property's value for each candidate. Values are kept with the topology (<see cref="GraphTopology.Memo"/>), so a
    /// later query reads no node twice until nodes of the kinds the value depends on change; derived values are kept per
    /// settings (the user's mappings decide them).
    /// </summary>
    private async Task<IReadOnlyDictionary<int, object?>> ValuesAsync(PropertyDefinition property, HashSet<int> candidates)
    {
        if (property.Source == PropertySource.Derived && DerivedProperties.Whole(this, property) is { } whole)
        {
            return whole;
        }

        var known = property.Source == PropertySource.Facts
            ? topology.Memo((property.Kind, property.Name), () => new PropertyValues(), [property.Kind])
            : topology.Memo((settings, property.Kind, property.Name), () => new PropertyValues(), DerivedProperties.DependsOn(property));
        if (candidates.All(known.Values.ContainsKey))
        {
            return known.Values;
        }

        // One reader at a time per property: a query arriving while another reads the same values waits for them
        // instead of reading them too (cold caches after a restart or a change, under concurrent requests).
        await known.FillAsync(async () =>
        {
            var missing = candidates.Where(n => !known.Values.ContainsKey(n)).ToHashSet();
            if (missing.Count == 0)
            {
                return;
            }

            if (property.Source == PropertySource.Facts)
            {
                foreach (var (node, stored) in await NodesAsync(missing).ConfigureAwait(false))
                {
                    known.Values[node] = property.Read!(stored, graph.Facts<NodeFacts>(stored));
                }
            }
            else
            {
                foreach (var (node, value) in await DerivedProperties.ComputeAsync(this, property, missing).ConfigureAwait(false))
                {
                    known.Values[node] = value;
                }
            }
        }).ConfigureAwait(false);

        return known.Values;
    }
}
