using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Trace;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;
using static Tether.Core.Tests.Trace.TraceGraphBuilder;

namespace Tether.Core.Tests.Trace;

/// <summary>The running answer to a vulnerability, resolved for all images at once, agrees with the full trace.</summary>
public sealed class AffectedWorkloadsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Workloads_running_any_image_with_the_package_are_listed_exposed_first_and_agree_with_the_trace()
    {
        var builder = BaseLayerInThreeImages(Now);
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("w.db"), new ManualClock(Now));
        await store.IngestAsync(builder.Batch);

        var affected = await AffectedWorkloads.FindAsync(store, "CVE-2024-0003");

        Assert.Equal(new[] { AmdDigest, DevDigest, IdleDigest }.Order(StringComparer.Ordinal), affected.Images);
        Assert.Equal(
            [("aks-prod", "payments", 2, true, "production"), ("kind-dev", "default", 1, false, "development")],
            affected.Workloads.Select(w => (w.Cluster, w.Namespace, w.Pods, w.InternetExposed, w.Environment)));
        var trace = await new TraceEngine(store).TraceAsync("CVE-2024-0003");
        Assert.Equal(trace.Images.SelectMany(i => i.Runtime).Select(r => (r.Cluster, r.Namespace, r.Pod)).Distinct().Count(), affected.Pods);
        await Assert.ThrowsAsync<TraceTargetNotFoundException>(() => AffectedWorkloads.FindAsync(store, "CVE-1999-0001"));
    }

    [Fact]
    public async Task The_topology_walk_gives_what_the_trace_gives_with_finished_ownerless_and_recreated_pods_and_follows_later_ingests()
    {
        var builder = BaseLayerInThreeImages(Now);
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("e.db"), new ManualClock(Now));
        await store.IngestAsync(builder.Batch);

        // A finished job pod, an ownerless debug pod, and a pod whose container ran the idle image before it was re-created.
        var later = Now.AddMinutes(5);
        var api = new Evidence("kubernetes", EvidenceMethods.KubernetesApi, 1.0, later);
        var b = new GraphBatch("kubernetes", later);
        foreach (var (name, phase, digest) in new[] { ("migrate-1", "Succeeded", DevDigest), ("debug", "Running", DevDigest), ("worker-1", "Running", IdleDigest) })
        {
            var pod = b.Add(new PodFacts("kind-dev", "default", name) { Phase = phase });
            b.Link(new NodeRef(NodeKinds.Namespace, "kind-dev/default"), EdgeTypes.Contains, pod.Ref, api);
            var container = b.Add(new ContainerFacts("kind-dev", "default", name, "main"));
            b.Link(pod, EdgeTypes.HasContainer, container, api);
            b.Link(container.Ref, EdgeTypes.RunsImage, new NodeRef(NodeKinds.Image, digest), api);
        }

        await store.IngestAsync(b);
        var recreated = new GraphBatch("kubernetes", later.AddMinutes(5));
        var worker = recreated.Add(new PodFacts("kind-dev", "default", "worker-1") { Phase = "Running" });
        var main = recreated.Add(new ContainerFacts("kind-dev", "default", "worker-1", "main"));
        recreated.Link(worker, EdgeTypes.HasContainer, main, api with { ObservedAt = later.AddMinutes(5) });
        recreated.Link(main.Ref, EdgeTypes.RunsImage, new NodeRef(NodeKinds.Image, AmdDigest), api with { ObservedAt = later.AddMinutes(5) });
        await store.IngestAsync(recreated);

        var cache = new GraphTopologyCache(store);
        Assert.Equal(5, await AffectedWorkloads.PrepareAsync(store, cache));
        var affected = await AffectedWorkloads.FindAsync(store, "CVE-2024-0003", null, cache);
        Assert.Equal(await FromTraceAsync(store, "CVE-2024-0003"), Describe(affected));
        Assert.Contains("kind-dev/default Pod debug 1 False development " + DevDigest, Describe(affected));
        Assert.Contains("kind-dev/default Pod worker-1 1 False development " + AmdDigest, Describe(affected));

        // The debug pod finishes: the cached topology and prepared pods must not hide it.
        var done = new GraphBatch("kubernetes", later.AddMinutes(10));
        done.Add(new PodFacts("kind-dev", "default", "debug") { Phase = "Failed" });
        await store.IngestAsync(done);
        var after = await AffectedWorkloads.FindAsync(store, "CVE-2024-0003", null, cache);
        Assert.Equal(await FromTraceAsync(store, "CVE-2024-0003"), Describe(after));
        Assert.DoesNotContain(Describe(after), line => line.Contains("debug", StringComparison.Ordinal));
    }

    /// <summary>The trace's runtime instances grouped per workload as <see cref="AffectedWorkloads"/> documents.</summary>
    private static async Task<List<string>> FromTraceAsync(IGraphStore store, string cve)
    {
        var trace = await new TraceEngine(store).TraceAsync(cve);
        return [.. trace.Images.SelectMany(i => i.Runtime)
            .DistinctBy(r => (r.Cluster, r.Namespace, r.Pod, r.Container))
            .GroupBy(r => (r.Cluster, r.Namespace, Kind: r.Workload?.Kind ?? "Pod", Name: r.Workload?.Name ?? r.Pod))
            .Select(g => $"{g.Key.Cluster}/{g.Key.Namespace} {g.Key.Kind} {g.Key.Name} {g.Select(r => r.Pod).Distinct().Count()} {g.Any(r => r.Exposure.Count > 0)} " +
                $"{g.GroupBy(r => r.Environment).OrderByDescending(e => e.Count()).First().Key} {string.Join(",", g.Select(r => r.ImageDigest).Distinct().Order(StringComparer.Ordinal))}")
            .Order(StringComparer.Ordinal)];
    }

    private static List<string> Describe(AffectedRuntime affected) =>
        [.. affected.Workloads.Select(w => $"{w.Cluster}/{w.Namespace} {w.Kind} {w.Name} {w.Pods} {w.InternetExposed} {w.Environment} {string.Join(",", w.Images)}").Order(StringComparer.Ordinal)];

    public void Dispose() => _dir.Dispose();
}
