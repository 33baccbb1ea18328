using System.Collections.Concurrent;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Risk;

namespace Tether.Core.Trace;

/// <summary>What a blast radius shows of a running pod: where it is, its environment, whether it is exposed.</summary>
internal sealed record PodView(string Cluster, string Namespace, string Name, string Environment, bool Exposed);

/// <summary>
/// Pod views for topology node indexes, by the trace's rules (<see cref="RuntimeResolver"/>: the user's environment
/// mapping, Service/Ingress/Gateway exposure, host ports). Read from the store once and kept with the topology until a
/// pod, namespace, cluster or anything that exposes pods changes — a new advisory changes none of them.
/// </summary>
internal static class PodViews
{
    public static readonly string[] DependsOn =
        [NodeKinds.Pod, NodeKinds.Namespace, NodeKinds.Cluster, NodeKinds.Service, NodeKinds.Ingress, NodeKinds.GatewayRoute, NodeKinds.Gateway];

    public static async Task<Dictionary<int, PodView>> GetAsync(GraphTopology topology, GraphReader graph, RiskSettings settings, IEnumerable<int> pods)
    {
        var wanted = pods.ToList();
        var known = topology.Memo((nameof(PodViews), settings), () => new ConcurrentDictionary<int, PodView>(), DependsOn);
        var missing = wanted.Where(p => !known.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            foreach (var (pod, view) in await ReadAsync(topology, graph, settings, missing).ConfigureAwait(false))
            {
                known[pod] = view;
            }
        }

        return wanted.Where(known.ContainsKey).ToDictionary(p => p, p => known[p]);
    }

    private static async Task<Dictionary<int, PodView>> ReadAsync(GraphTopology topology, GraphReader graph, RiskSettings settings, List<int> pods)
    {
        var walk = new TopologyWalk(topology);
        var namespaceOf = pods.Select(p => (Pod: p, Namespace: walk.ContainedBy(p, NodeKinds.Namespace)))
            .Where(p => p.Namespace is not null).ToDictionary(p => p.Pod, p => p.Namespace!.Value);
        var clusterOf = namespaceOf.Values.Distinct().Select(n => (Namespace: n, Cluster: walk.ContainedBy(n, NodeKinds.Cluster)))
            .Where(n => n.Cluster is not null).ToDictionary(n => n.Namespace, n => n.Cluster!.Value);

        var ids = pods.Concat(namespaceOf.Values).Concat(clusterOf.Values).Distinct().Select(topology.IdOf).ToList();
        var nodes = new Dictionary<int, StoredNode>();
        foreach (var node in await graph.Store.GetNodesAsync(ids, graph.CancellationToken).ConfigureAwait(false))
        {
            if (topology.TryIndexOf(node.Id, out var index))
            {
                nodes[index] = node;
            }
        }

        var podNodes = pods.Where(nodes.ContainsKey).Select(p => nodes[p]).ToList();
        var exposure = await RuntimeResolver.ExposureAsync(graph, podNodes).ConfigureAwait(false);
        T? Facts<T>(int? node) where T : NodeFacts => node is { } n && nodes.TryGetValue(n, out var stored) ? graph.Facts<T>(stored) : null;

        var views = new Dictionary<int, PodView>(pods.Count);
        foreach (var pod in pods.Where(nodes.ContainsKey))
        {
            var facts = graph.Facts<PodFacts>(nodes[pod]);
            int? ns = namespaceOf.TryGetValue(pod, out var n) ? n : null;
            int? cluster = ns is { } k && clusterOf.TryGetValue(k, out var c) ? c : null;
            var environment = settings.Environments.Resolve(facts, Facts<NamespaceFacts>(ns), Facts<ClusterFacts>(cluster)).Environment;
            views[pod] = new PodView(facts.Cluster, facts.Namespace, facts.Name, environment, exposure.GetValueOrDefault(nodes[pod].Id) is { Count: > 0 });
        }

        return views;
    }
}

/// <summary>Workload kind and name for topology node indexes, kept with the topology until a workload changes.</summary>
internal static class WorkloadViews
{
    public static async Task<Dictionary<int, WorkloadView>> GetAsync(GraphTopology topology, GraphReader graph, IEnumerable<int> workloads)
    {
        var wanted = workloads.ToList();
        var known = topology.Memo(nameof(WorkloadViews), () => new ConcurrentDictionary<int, WorkloadView>(), [NodeKinds.Workload]);
        var missing = wanted.Where(w => !known.ContainsKey(w)).Select(topology.IdOf).ToList();
        if (missing.Count > 0)
        {
            foreach (var node in await graph.Store.GetNodesAsync(missing, graph.CancellationToken).ConfigureAwait(false))
            {
                if (topology.TryIndexOf(node.Id, out var index))
                {
                    var facts = graph.Facts<WorkloadFacts>(node);
                    known[index] = new WorkloadView(facts.WorkloadKind, facts.Name, facts.Replicas);
                }
            }
        }

        return wanted.Where(known.ContainsKey).ToDictionary(w => w, w => known[w]);
    }
}
