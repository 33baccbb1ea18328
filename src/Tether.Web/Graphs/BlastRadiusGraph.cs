using System.Globalization;
using Tether.Core.Trace;

namespace Tether.Web.Graphs;

/// <summary>
/// The blast radius as a picture: image → workloads → pods → clusters. Pods are drawn as one node per workload
/// ("312 pods"), and only the top workloads get their own node (exposed first, then by pods) with the rest folded
/// into "+K more" (clusters likewise), so an image running in 1,000 pods across 80 clusters stays a graph of two dozen boxes.
/// </summary>
public static class BlastRadiusGraph
{
    public const int DefaultTopWorkloads = 8;
    public const int DefaultTopClusters = 8;

    private sealed record Group(string Cluster, string Namespace, string Kind, string Name, int Pods, int ExposedPods, string Environment);

    public static GraphModel Build(string imageLabel, IReadOnlyList<RuntimeInstance> runtime, int topWorkloads = DefaultTopWorkloads, int topClusters = DefaultTopClusters)
    {
        ArgumentNullException.ThrowIfNull(imageLabel);
        ArgumentNullException.ThrowIfNull(runtime);
        var nodes = new List<GraphNode>();
        var links = new List<GraphLink>();
        var anyExposed = runtime.Any(r => r.Exposure.Count > 0);
        nodes.Add(new GraphNode("image", 0, LayeredLayout.Fit(imageLabel, 28), Plural(runtime.Select(r => (r.Cluster, r.Namespace, r.Pod)).Distinct().Count(), "pod") + " in total", anyExposed));

        var groups = runtime
            .GroupBy(r => (r.Cluster, r.Namespace, Kind: r.Workload?.Kind ?? "Pod", Name: r.Workload?.Name ?? r.Pod))
            .Select(g =>
            {
                var pods = g.GroupBy(r => r.Pod, StringComparer.Ordinal).ToList();
                return new Group(g.Key.Cluster, g.Key.Namespace, g.Key.Kind, g.Key.Name, pods.Count,
                    pods.Count(p => p.Any(r => r.Exposure.Count > 0)), g.First().Environment);
            })
            .OrderByDescending(g => g.ExposedPods > 0).ThenByDescending(g => g.Pods)
            .ThenBy(g => g.Cluster, StringComparer.Ordinal).ThenBy(g => g.Name, StringComparer.Ordinal)
            .ToList();

        // Clusters fold like workloads: the most exposed and busiest get a node, the rest one "+K more clusters".
        var clusterRank = runtime.GroupBy(r => r.Cluster, StringComparer.Ordinal)
            .Select(g => (Cluster: g.Key, Pods: g.Select(r => (r.Namespace, r.Pod)).Distinct().Count(),
                Environments: string.Join(", ", g.Select(r => r.Environment).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
                Exposed: g.Any(r => r.Exposure.Count > 0)))
            .OrderByDescending(c => c.Exposed).ThenByDescending(c => c.Pods).ThenBy(c => c.Cluster, StringComparer.Ordinal)
            .ToList();
        var shownClusters = clusterRank.Take(topClusters).Select(c => c.Cluster).ToHashSet(StringComparer.Ordinal);
        foreach (var cluster in clusterRank.Take(topClusters))
        {
            nodes.Add(new GraphNode("c:" + cluster.Cluster, 3, LayeredLayout.Fit(cluster.Cluster), $"{Plural(cluster.Pods, "pod")} · {cluster.Environments}", cluster.Exposed));
        }

        var otherClusters = clusterRank.Skip(topClusters).ToList();
        if (otherClusters.Count > 0)
        {
            nodes.Add(new GraphNode("c:more", 3, $"+{otherClusters.Count} more clusters", Plural(otherClusters.Sum(c => c.Pods), "pod"), otherClusters.Any(c => c.Exposed), Aggregate: true));
        }

        string ClusterNode(string cluster) => shownClusters.Contains(cluster) ? "c:" + cluster : "c:more";

        var shown = groups.Take(topWorkloads).ToList();
        for (var i = 0; i < shown.Count; i++)
        {
            var g = shown[i];
            nodes.Add(new GraphNode($"w:{i}", 1, LayeredLayout.Fit($"{g.Kind} {g.Name}"), $"ns {g.Namespace} · {g.Environment}", g.ExposedPods > 0));
            nodes.Add(new GraphNode($"p:{i}", 2, Plural(g.Pods, "pod"), g.ExposedPods > 0 ? $"{g.ExposedPods} internet-exposed" : "not exposed", g.ExposedPods > 0));
            links.Add(new GraphLink("image", $"w:{i}"));
            links.Add(new GraphLink($"w:{i}", $"p:{i}"));
            links.Add(new GraphLink($"p:{i}", ClusterNode(g.Cluster)));
        }

        var rest = groups.Skip(topWorkloads).ToList();
        if (rest.Count > 0)
        {
            var exposed = rest.Sum(g => g.ExposedPods);
            nodes.Add(new GraphNode("w:more", 1, $"+{rest.Count} more workloads", "folded to keep the graph readable", exposed > 0, Aggregate: true));
            nodes.Add(new GraphNode("p:more", 2, Plural(rest.Sum(g => g.Pods), "pod"), exposed > 0 ? $"{exposed} internet-exposed" : "not exposed", exposed > 0, Aggregate: true));
            links.Add(new GraphLink("image", "w:more"));
            links.Add(new GraphLink("w:more", "p:more"));
            foreach (var target in rest.Select(g => ClusterNode(g.Cluster)).Distinct(StringComparer.Ordinal))
            {
                links.Add(new GraphLink("p:more", target));
            }
        }

        return new GraphModel("Blast radius", ["Image", "Workloads", "Pods", "Clusters"], nodes, links);
    }

    public static string Plural(int count, string noun) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");
}
