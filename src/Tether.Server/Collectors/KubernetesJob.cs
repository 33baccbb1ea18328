using k8s;
using Tether.Core.Graph;
using Tether.Kubernetes.Collect;

namespace Tether.Server.Collectors;

/// <summary>The clusters, collected as <c>tether collect k8s</c> does (<see cref="KubernetesCollector"/>): one snapshot batch per cluster.</summary>
public sealed class KubernetesJob(KubernetesCollectorSettings settings, IGraphStore graph, TimeProvider time) : ICollectorJob
{
    public string Name => "kubernetes";

    public TimeSpan Interval => settings.Interval;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var collector = new KubernetesCollector(graph, time);
        var parts = new List<string>();
        foreach (var target in await TargetsAsync(cancellationToken).ConfigureAwait(false))
        {
            var collection = await collector.CollectAsync(target, settings.Namespace, cancellationToken).ConfigureAwait(false);
            parts.Add($"{collection.Cluster}: {collection.ObjectsByKind.Values.Sum()} objects, {collection.Stored.NodesCreated} created, {collection.Stored.NodesEnded} ended");
        }

        return string.Join("; ", parts);
    }

    private async Task<IReadOnlyList<KubeTarget>> TargetsAsync(CancellationToken cancellationToken)
    {
        // In a pod without a kubeconfig the service account (read-only ClusterRole in deploy/kubernetes) is the way in.
        if (settings.Kubeconfig is null && settings.Contexts.Count == 0 && KubernetesClientConfiguration.IsInCluster()
            && Environment.GetEnvironmentVariable("KUBECONFIG") is null)
        {
            return [new KubeTarget(settings.InClusterName, "in-cluster", KubernetesClientConfiguration.InClusterConfig())];
        }

        return await KubeContexts.ResolveAsync(settings.Kubeconfig, [.. settings.Contexts], cancellationToken).ConfigureAwait(false);
    }
}
