using Tether.Core.Explore.Schema;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Risk;
using Tether.Core.Trace;

namespace Tether.Core.Explore.Evaluation;

/// <summary>
/// Properties computed for a whole candidate set from neighbouring nodes, with the trace's own rules
/// (<see cref="Environments"/>, <see cref="DataClassifications"/>, <see cref="RuntimeResolver"/>'s exposure and
/// running rules), so the explorer and the trace/priority never disagree about a pod.
/// </summary>
internal static class DerivedProperties
{
    public static async Task<Dictionary<long, object?>> ComputeAsync(
        QueryEvaluator evaluator, PropertyDefinition property, Dictionary<long, StoredNode> nodes, CancellationToken cancellationToken)
    {
        var graph = evaluator.Graph;
        cancellationToken.ThrowIfCancellationRequested();
        switch ((property.Kind, property.Name))
        {
            case (NodeKinds.Pod, "running"):
                return nodes.ToDictionary(p => p.Key, p => (object?)(p.Value.IsCurrent && RuntimeResolver.IsRunning(graph, p.Value)));
            case (NodeKinds.Pod, "internet_exposed"):
            {
                var exposure = await RuntimeResolver.ExposureAsync(graph, [.. nodes.Values]).ConfigureAwait(false);
                return nodes.ToDictionary(p => p.Key, p => (object?)(exposure.GetValueOrDefault(p.Key) is { Count: > 0 }));
            }

            case (NodeKinds.Pod, "environment"):
            case (NodeKinds.Pod, "data_classification"):
            case (NodeKinds.Workload, "environment"):
            case (NodeKinds.Namespace, "environment"):
            case (NodeKinds.Cluster, "environment"):
                return await LabelsAsync(graph, evaluator.Settings, property, nodes).ConfigureAwait(false);
            case (NodeKinds.Image, "superseded"):
                return await SupersededAsync(evaluator, nodes).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"no derivation for {property.Kind}.{property.Name}");
        }
    }

    /// <summary>Environment and data classification: the pod's labels, then its namespace's, then its cluster's.</summary>
    private static async Task<Dictionary<long, object?>> LabelsAsync(GraphReader graph, RiskSettings settings, PropertyDefinition property, Dictionary<long, StoredNode> nodes)
    {
        var namespaces = new Dictionary<long, StoredNode>();
        if (property.Kind is NodeKinds.Pod or NodeKinds.Workload)
        {
            foreach (var hop in await graph.FollowAsync(nodes.Values, EdgeDirection.Incoming, EdgeTypes.Contains).ConfigureAwait(false))
            {
                if (hop.Node.Kind == NodeKinds.Namespace)
                {
                    namespaces.TryAdd(hop.Origin.Id, hop.Node);
                }
            }
        }
        else if (property.Kind == NodeKinds.Namespace)
        {
            foreach (var (id, node) in nodes)
            {
                namespaces[id] = node;
            }
        }

        var clusters = new Dictionary<long, StoredNode>();
        foreach (var hop in await graph.FollowAsync(namespaces.Values.DistinctBy(n => n.Id), EdgeDirection.Incoming, EdgeTypes.Contains).ConfigureAwait(false))
        {
            if (hop.Node.Kind == NodeKinds.Cluster)
            {
                clusters.TryAdd(hop.Origin.Id, hop.Node);
            }
        }

        var values = new Dictionary<long, object?>(nodes.Count);
        foreach (var (id, node) in nodes)
        {
            var pod = node.Kind == NodeKinds.Pod ? graph.Facts<PodFacts>(node) : null;
            var nsNode = namespaces.GetValueOrDefault(id);
            var ns = nsNode is null ? null : graph.Facts<NamespaceFacts>(nsNode);
            var clusterNode = node.Kind == NodeKinds.Cluster ? node : nsNode is null ? null : clusters.GetValueOrDefault(nsNode.Id);
            var cluster = clusterNode is null ? null : graph.Facts<ClusterFacts>(clusterNode);
            values[id] = property.Name == "data_classification"
                ? settings.Data.Find(pod, ns)?.Value.Trim().ToLowerInvariant()
                : settings.Environments.Resolve(pod, ns, cluster).Environment;
        }

        return values;
    }

    /// <summary>
    /// An image is superseded when another image built from the same source repository has a later build time (the
    /// start of the run that built it, else its config's created time). Unknown build times supersede nothing.
    /// </summary>
    private static async Task<Dictionary<long, object?>> SupersededAsync(QueryEvaluator evaluator, Dictionary<long, StoredNode> images)
    {
        var pushedBy = Relations.Find(NodeKinds.Image, "pushed_by")!;
        var (repositoriesOf, repositories) = await evaluator.WalkPairsAsync(images, pushedBy.Steps, NodeKinds.SourceRepository, false).ConfigureAwait(false);
        var repositoryImages = Relations.Find(NodeKinds.SourceRepository, "images")!;
        var (imagesOf, siblings) = await evaluator.WalkPairsAsync(repositories, repositoryImages.Steps, NodeKinds.Image, false).ConfigureAwait(false);
        var builtAt = await BuildTimesAsync(evaluator, siblings.Values.Concat(images.Values).DistinctBy(n => n.Id).ToDictionary(n => n.Id)).ConfigureAwait(false);
        var latest = imagesOf.ToDictionary(p => p.Key, p => p.Value.Select(builtAt.GetValueOrDefault).Max());

        var values = new Dictionary<long, object?>(images.Count);
        foreach (var id in images.Keys)
        {
            var mine = builtAt.GetValueOrDefault(id);
            values[id] = mine is not null && repositoriesOf.TryGetValue(id, out var repos) && repos.Any(r => latest.GetValueOrDefault(r) > mine);
        }

        return values;
    }

    private static async Task<Dictionary<long, DateTimeOffset?>> BuildTimesAsync(QueryEvaluator evaluator, Dictionary<long, StoredNode> images)
    {
        var graph = evaluator.Graph;
        var builtBy = Relations.Find(NodeKinds.Image, "built_by")!;
        var (runsOf, runs) = await evaluator.WalkPairsAsync(images, builtBy.Steps, NodeKinds.PipelineRun, false).ConfigureAwait(false);
        var times = new Dictionary<long, DateTimeOffset?>(images.Count);
        foreach (var (id, image) in images)
        {
            var started = runsOf.TryGetValue(id, out var ids) ? ids.Select(r => graph.Facts<PipelineRunFacts>(runs[r]).StartedAt).Max() : null;
            times[id] = started ?? graph.Facts<ImageFacts>(image).Created;
        }

        return times;
    }
}
