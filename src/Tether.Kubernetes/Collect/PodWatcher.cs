using k8s;
using k8s.Autorest;
using k8s.Models;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Kubernetes.Normalize;
using Tether.Kubernetes.Parse;

namespace Tether.Kubernetes.Collect;

/// <summary>Limits of a pod watch.</summary>
public sealed record PodWatchOptions
{
    /// <summary>Reconnects tried in a row without receiving an event before the watch gives up.</summary>
    public int MaxConsecutiveFailures { get; init; } = 5;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Asks the server to end each watch request after this long; the watch then resumes from the last resourceVersion.</summary>
    public int ServerTimeoutSeconds { get; init; } = 300;
}

/// <summary>One pod change applied to the store.</summary>
public sealed record PodChange(string Cluster, string Type, string Pod, IngestSummary Stored);

/// <summary>
/// Follows pod events from a resourceVersion and stores each: ADDED/MODIFIED upsert the pod, its containers and
/// images (and the selections of already known Services and NetworkPolicies); DELETED ends the pod and its
/// containers. Resumes from the last resourceVersion seen; on 410 Gone (the version expired) re-lists the cluster
/// as a snapshot and resumes from there; gives up after <see cref="PodWatchOptions.MaxConsecutiveFailures"/>.
/// </summary>
internal sealed class PodWatcher(
    IKubernetes client,
    IGraphStore store,
    TimeProvider time,
    KubeTarget target,
    string? ns,
    PodWatchOptions options,
    IProgress<PodChange>? progress,
    Func<CancellationToken, Task<ClusterCollection>> relist)
{
    /// <summary>Pods whose key extends the deleted pod's (web → web-1) that are re-stated in a deletion batch; see <see cref="EndPodAsync"/>.</summary>
    private const int MaxSiblings = 10_000;

    private DateTimeOffset _lastObserved = DateTimeOffset.MinValue;
    private int _failures;
    private TimeSpan _backoff = options.InitialBackoff;

    public async Task RunAsync(ClusterCollection from, CancellationToken cancellationToken)
    {
        var version = from.PodsResourceVersion;
        var selectors = from.Selectors;
        var relisted = false;
        After(from);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var gone = false;
                Exception? error = null;
                var events = 0;
                try
                {
                    void OnError(Exception e)
                    {
                        if (e is KubernetesException { Status.Code: 410 })
                        {
                            gone = true;
                        }
                        else
                        {
                            error ??= e;
                        }
                    }

                    var stream = ns is null
                        ? client.CoreV1.WatchListPodForAllNamespacesAsync(
                            allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: options.ServerTimeoutSeconds, onError: OnError, cancellationToken: cancellationToken)
                        : client.CoreV1.WatchListNamespacedPodAsync(
                            ns, allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: options.ServerTimeoutSeconds, onError: OnError, cancellationToken: cancellationToken);
                    await foreach (var (type, pod) in stream.ConfigureAwait(false))
                    {
                        events++;
                        relisted = false;
                        _failures = 0;
                        _backoff = options.InitialBackoff;
                        version = string.IsNullOrEmpty(pod?.Metadata?.ResourceVersion) ? version : pod.Metadata.ResourceVersion;
                        if (pod is not null)
                        {
                            await ApplyAsync(type, pod, selectors, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpOperationException or HttpRequestException or IOException)
                {
                    error = e;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                if (gone)
                {
                    // A server that answers 410 again right after a relist is misbehaving: back off, and give up in the end.
                    if (relisted && events == 0)
                    {
                        await FailAsync(new HttpRequestException("resourceVersion expired again right after a relist"), cancellationToken).ConfigureAwait(false);
                    }

                    var fresh = await relist(cancellationToken).ConfigureAwait(false);
                    After(fresh);
                    version = fresh.PodsResourceVersion;
                    selectors = fresh.Selectors;
                    relisted = true;
                    continue;
                }

                // A stream that ended with neither an event nor an error is a server closing at its timeout; one that
                // ended without any event after an error is a failure, retried with backoff up to the limit.
                if (error is not null && events == 0)
                {
                    await FailAsync(error, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The watch ran for as long as asked.
        }
    }

    /// <summary>Counts a failed attempt, gives up past the limit, else waits (doubling, capped) before the next one.</summary>
    private async Task FailAsync(Exception error, CancellationToken cancellationToken)
    {
        if (++_failures > options.MaxConsecutiveFailures)
        {
            throw new HttpRequestException($"{target.Context}: pod watch failed {_failures} times in a row: {error.Message}", error);
        }

        await Task.Delay(_backoff, time, cancellationToken).ConfigureAwait(false);
        _backoff = TimeSpan.FromTicks(Math.Min(options.MaxBackoff.Ticks, _backoff.Ticks * 2));
    }

    private async Task ApplyAsync(WatchEventType type, V1Pod pod, IReadOnlyList<KubernetesItem> selectors, CancellationToken cancellationToken)
    {
        if (type is not (WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted) || string.IsNullOrEmpty(pod.Metadata?.Name))
        {
            return;
        }

        var item = KubernetesItem.FromApi(pod, SupportedKinds.Pod, target.Configuration.Host);
        var batch = new GraphBatch(KubernetesCollector.Collector, NextObservedAt());
        if (type == WatchEventType.Deleted)
        {
            await EndPodAsync(batch, PodFacts.KeyOf(target.Cluster, item.Namespace, item.Name), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            KubernetesNormalizer.Normalize(new ClusterFacts(target.Cluster), [item], batch, selectors);
        }

        var stored = await store.IngestAsync(batch, cancellationToken).ConfigureAwait(false);
        progress?.Report(new PodChange(target.Cluster, type.ToString().ToUpperInvariant(), $"{item.Namespace}/{item.Name}", stored));
    }

    /// <summary>
    /// Ends one pod with the store's snapshot mechanism: the batch is a snapshot of pods whose key starts with the
    /// pod's key, and of that pod's containers. Pods whose keys merely extend it (<c>web</c> → <c>web-1</c>) fall
    /// under the same prefix, so the current ones are re-stated from the store to stay current.
    /// </summary>
    private async Task EndPodAsync(GraphBatch batch, string key, CancellationToken cancellationToken)
    {
        batch.DeclareSnapshot(NodeKinds.Pod, key);
        batch.DeclareSnapshot(NodeKinds.Container, key + "/");
        var siblings = await store.FindNodesByKeyPrefixAsync(NodeKinds.Pod, key, MaxSiblings, cancellationToken).ConfigureAwait(false);
        foreach (var sibling in siblings)
        {
            if (sibling.Key != key && sibling.IsCurrent)
            {
                batch.Add(sibling.Facts<PodFacts>());
            }
        }
    }

    /// <summary>Events are stored after the collect they follow, even within its millisecond (a DELETED must be newer than the list that saw the pod).</summary>
    private void After(ClusterCollection collection)
    {
        if (collection.ObservedAt > _lastObserved)
        {
            _lastObserved = collection.ObservedAt;
        }
    }

    /// <summary>Strictly increasing times: the store ends nodes last seen before a snapshot's time, so two events in one millisecond must not share it.</summary>
    private DateTimeOffset NextObservedAt()
    {
        var now = time.GetUtcNow();
        _lastObserved = now > _lastObserved.AddMilliseconds(1) ? now : _lastObserved.AddMilliseconds(1);
        return _lastObserved;
    }
}
