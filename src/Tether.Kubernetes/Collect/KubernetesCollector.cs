using k8s;
using k8s.Autorest;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Kubernetes.Normalize;
using Tether.Kubernetes.Parse;

namespace Tether.Kubernetes.Collect;

/// <summary>What one collect of a cluster stored.</summary>
public sealed record ClusterCollection(
    string Cluster,
    IReadOnlyDictionary<string, int> ObjectsByKind,
    IngestSummary Stored,
    IReadOnlyList<string> Unavailable,
    IReadOnlyList<string> Unresolved,
    string? PodsResourceVersion,
    IReadOnlyList<KubernetesItem> Selectors,
    DateTimeOffset ObservedAt);

/// <summary>
/// Live collection (<c>tether collect k8s</c>): reads each cluster through its kube context, normalizes it and
/// ingests one batch per cluster that declares itself a snapshot of the kinds it read completely, so objects
/// deleted since the last collect are ended. Collector name <c>kubernetes-api</c>.
/// </summary>
public sealed class KubernetesCollector(IGraphStore store, TimeProvider time, int pageSize = 500)
{
    public const string Collector = "kubernetes-api";

    public async Task<ClusterCollection> CollectAsync(KubeTarget target, string? ns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var client = new k8s.Kubernetes(target.Configuration);
        return await CollectAsync(client, target, ns, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<ClusterCollection> CollectAsync(IKubernetes client, KubeTarget target, string? ns, CancellationToken cancellationToken)
    {
        var read = await ApiErrors.Wrap(target, "list", () => new ClusterReader(client, target.Configuration.Host, pageSize).ReadAsync(ns, cancellationToken)).ConfigureAwait(false);
        var batch = new GraphBatch(Collector, time.GetUtcNow());
        var cluster = new ClusterFacts(target.Cluster) { Context = target.Context, Server = target.Configuration.Host };
        var result = KubernetesNormalizer.Normalize(cluster, read.Items, batch);
        RuntimeSnapshot.Declare(batch, target.Cluster, ns, ClusterReader.CompleteNodeKinds(read.Unavailable));
        var stored = await store.IngestAsync(batch, cancellationToken).ConfigureAwait(false);
        var selectors = read.Items.Where(i => i.Kind is SupportedKinds.Service or SupportedKinds.NetworkPolicy).ToList();
        return new ClusterCollection(target.Cluster, result.ObjectsByKind, stored, read.Unavailable, result.Unresolved, read.PodsResourceVersion, selectors, batch.ObservedAt);
    }

    /// <summary>
    /// After <see cref="CollectAsync(KubeTarget, string?, CancellationToken)"/>, follows pod changes until
    /// <paramref name="cancellationToken"/> fires: ADDED/MODIFIED are upserted, DELETED ends the pod and its containers.
    /// </summary>
    public async Task WatchAsync(
        KubeTarget target, string? ns, ClusterCollection from, PodWatchOptions? options = null, IProgress<PodChange>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var client = new k8s.Kubernetes(target.Configuration);
        var watcher = new PodWatcher(client, store, time, target, ns, options ?? new PodWatchOptions(), progress,
            ct => CollectAsync(client, target, ns, ct));
        await watcher.RunAsync(from, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Turns the client's HTTP errors into <see cref="HttpRequestException"/>s that name the cluster and the call.</summary>
internal static class ApiErrors
{
    public static async Task<T> Wrap<T>(KubeTarget target, string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw new HttpRequestException(
                $"{target.Context} ({target.Configuration.Host}): {what}: {(int?)e.Response?.StatusCode} {e.Response?.ReasonPhrase}".TrimEnd(),
                e,
                e.Response?.StatusCode);
        }
        catch (KubernetesException e)
        {
            throw new HttpRequestException($"{target.Context} ({target.Configuration.Host}): {what}: {e.Message}", e);
        }
    }
}
