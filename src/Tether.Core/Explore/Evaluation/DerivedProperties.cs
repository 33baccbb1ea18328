using System.Globalization;
using Tether.Core.Explore.Schema;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Trace;

namespace Tether.Core.Explore.Evaluation;

/// <summary>
/// Properties computed for a whole candidate set from neighbouring nodes, with the trace's own rules (the user's
/// environment and data mappings, <see cref="RuntimeResolver"/>'s exposure and running rules), so the explorer and the
/// trace/priority never disagree about a pod. Neighbours are found in the topology; only the nodes whose facts decide
/// are loaded (the evaluator keeps the values with the topology until the store changes).
/// </summary>
internal static class DerivedProperties
{
    /// <summary>Values known for every node at once without loading any (from the topology), or null.</summary>
    public static IReadOnlyDictionary<int, object?>? Whole(QueryEvaluator evaluator, PropertyDefinition property) => (property.Kind, property.Name) switch
    {
        (NodeKinds.Image, "superseded") => evaluator.Topology.Memo(nameof(Superseded), () => Superseded(evaluator)),
        _ => null,
    };

    /// <summary>The kinds a derived property is computed from: its value holds while none of them changes.</summary>
    public static IReadOnlyCollection<string> DependsOn(PropertyDefinition property) => (property.Kind, property.Name) switch
    {
        (NodeKinds.Pod, "internet_exposed") =>
            [NodeKinds.Pod, NodeKinds.Service, NodeKinds.Ingress, NodeKinds.GatewayRoute, NodeKinds.Gateway],
        (_, "environment" or "data_classification") =>
            [NodeKinds.Pod, NodeKinds.Workload, NodeKinds.Namespace, NodeKinds.Cluster],
        _ => [property.Kind],
    };

    /// <summary>The values of a derived property for a set of nodes.</summary>
    public static async Task<Dictionary<int, object?>> ComputeAsync(QueryEvaluator evaluator, PropertyDefinition property, HashSet<int> nodes)
    {
        evaluator.CancellationToken.ThrowIfCancellationRequested();
        switch ((property.Kind, property.Name))
        {
            case (NodeKinds.Pod, "running"):
                return nodes.ToDictionary(n => n, n => (object?)evaluator.AdmitsNode(n));
            case (NodeKinds.Pod, "internet_exposed"):
            {
                var pods = await evaluator.NodesAsync(nodes).ConfigureAwait(false);
                var exposure = await RuntimeResolver.ExposureAsync(evaluator.Graph, [.. pods.Values]).ConfigureAwait(false);
                return nodes.ToDictionary(n => n, n => (object?)(pods.TryGetValue(n, out var pod) && exposure.GetValueOrDefault(pod.Id) is { Count: > 0 }));
            }

            case (NodeKinds.Pod, "environment"):
            case (NodeKinds.Pod, "data_classification"):
            case (NodeKinds.Workload, "environment"):
            case (NodeKinds.Namespace, "environment"):
            case (NodeKinds.Cluster, "environment"):
                return await LabelsAsync(evaluator, property, nodes).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"no derivation for {property.Kind}.{property.Name}");
        }
    }

    /// <summary>Environment and data classification: the pod's labels, then its namespace's, then its cluster's.</summary>
    private static async Task<Dictionary<int, object?>> LabelsAsync(QueryEvaluator evaluator, PropertyDefinition property, HashSet<int> nodes)
    {
        var walk = new TopologyWalk(evaluator.Topology);
        var namespaceOf = new Dictionary<int, int>();
        foreach (var node in nodes)
        {
            if (property.Kind == NodeKinds.Namespace)
            {
                namespaceOf[node] = node;
            }
            else if (property.Kind is NodeKinds.Pod or NodeKinds.Workload && walk.ContainedBy(node, NodeKinds.Namespace) is { } ns)
            {
                namespaceOf[node] = ns;
            }
        }

        var clusterOf = new Dictionary<int, int>();
        foreach (var ns in namespaceOf.Values.Distinct())
        {
            if (walk.ContainedBy(ns, NodeKinds.Cluster) is { } cluster)
            {
                clusterOf[ns] = cluster;
            }
        }

        var loaded = await evaluator.NodesAsync(nodes.Concat(namespaceOf.Values).Concat(clusterOf.Values).Distinct()).ConfigureAwait(false);
        var graph = evaluator.Graph;
        T? Facts<T>(int? node) where T : NodeFacts => node is { } n && loaded.TryGetValue(n, out var stored) ? graph.Facts<T>(stored) : null;

        var values = new Dictionary<int, object?>(nodes.Count);
        foreach (var node in nodes)
        {
            var pod = property.Kind == NodeKinds.Pod ? Facts<PodFacts>(node) : null;
            int? nsNode = namespaceOf.TryGetValue(node, out var n) ? n : null;
            var ns = Facts<NamespaceFacts>(nsNode);
            int? clusterNode = property.Kind == NodeKinds.Cluster ? node : nsNode is { } k && clusterOf.TryGetValue(k, out var c) ? c : null;
            var cluster = Facts<ClusterFacts>(clusterNode);
            values[node] = property.Name == "data_classification"
                ? evaluator.Settings.Data.Find(pod, ns)?.Value.Trim().ToLowerInvariant()
                : evaluator.Settings.Environments.Resolve(pod, ns, cluster).Environment;
        }

        return values;
    }

    /// <summary>
    /// Every image's answer at once (it depends on the whole repository): an image is superseded when another image built
    /// from the same source repository has a later build time — the start of the run that built it, else its config's
    /// created time, both read with the topology. Unknown build times supersede nothing.
    /// </summary>
    private static Dictionary<int, object?> Superseded(QueryEvaluator evaluator)
    {
        var topology = evaluator.Topology;
        var images = evaluator.All(NodeKinds.Image);
        var (repositoriesOf, repositories) = evaluator.WalkPairs(images, Relations.Find(NodeKinds.Image, "pushed_by")!.Steps, NodeKinds.SourceRepository, false);
        var (imagesOf, _) = evaluator.WalkPairs(repositories, Relations.Find(NodeKinds.SourceRepository, "images")!.Steps, NodeKinds.Image, false);
        var (runsOf, _) = evaluator.WalkPairs(imagesOf.Values.SelectMany(i => i).Distinct(), Relations.Find(NodeKinds.Image, "built_by")!.Steps, NodeKinds.PipelineRun, false);

        DateTimeOffset? BuiltAt(int image) =>
            (runsOf.TryGetValue(image, out var runs) ? runs.Select(r => Time(topology.TagOf(r))).Max() : null) ?? Time(topology.TagOf(image));
        var builtAt = imagesOf.Values.SelectMany(i => i).Distinct().ToDictionary(i => i, BuiltAt);
        var latest = imagesOf.ToDictionary(p => p.Key, p => p.Value.Select(builtAt.GetValueOrDefault).Max());

        var values = new Dictionary<int, object?>(images.Count);
        foreach (var image in images)
        {
            var mine = builtAt.GetValueOrDefault(image);
            values[image] = mine is not null && repositoriesOf.TryGetValue(image, out var repos) && repos.Any(r => latest.GetValueOrDefault(r) > mine);
        }

        return values;
    }

    /// <summary>A time property as the facts codec writes it (ISO 8601), or null.</summary>
    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
