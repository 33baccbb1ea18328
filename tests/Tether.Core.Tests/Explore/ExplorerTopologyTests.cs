using Tether.Core.Explore;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Core.Tests.Explore;

/// <summary>
/// The explorer walks a cached topology and keeps property values with it: what it answers must follow the store
/// after every ingest, never a stale picture.
/// </summary>
public sealed class ExplorerTopologyTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private IGraphStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteGraphStore.OpenAsync(_dir.File("explore.db"), new ManualClock());
        var batch = new GraphBatch("kubernetes", T0);
        var cluster = batch.Add(new ClusterFacts("c1"));
        var ns = batch.Add(new NamespaceFacts("c1", "shop") { Labels = new Dictionary<string, string> { ["environment"] = "test" } });
        batch.Link(cluster, EdgeTypes.Contains, ns, Evidence(T0));
        foreach (var (name, phase) in new[] { ("web-1", "Running"), ("web-2", "Running"), ("migrate-1", "Succeeded") })
        {
            var pod = batch.Add(new PodFacts("c1", "shop", name) { Phase = phase });
            batch.Link(ns, EdgeTypes.Contains, pod, Evidence(T0));
        }

        await _store.IngestAsync(batch);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Answers_follow_an_ingest_made_after_the_topology_and_the_values_were_cached()
    {
        var explorer = new Explorer(_store, topology: new GraphTopologyCache(_store));
        Assert.Equal(0, (await explorer.RunTextAsync("pods where environment = production")).Total);
        Assert.Equal(["c1/shop/web-1", "c1/shop/web-2"], Keys(await explorer.RunTextAsync("pods where running")));

        // The namespace is relabelled, a pod finishes and another starts: a new generation, a new picture.
        var later = new GraphBatch("kubernetes", T0.AddHours(1));
        later.Add(new NamespaceFacts("c1", "shop") { Labels = new Dictionary<string, string> { ["environment"] = "production" } });
        later.Add(new PodFacts("c1", "shop", "web-2") { Phase = "Failed" });
        var started = later.Add(new PodFacts("c1", "shop", "web-3") { Phase = "Running" });
        later.Link(new NodeRef(NodeKinds.Namespace, "c1/shop"), EdgeTypes.Contains, started.Ref, Evidence(T0.AddHours(1)));
        await _store.IngestAsync(later);

        Assert.Equal(["c1/shop/migrate-1", "c1/shop/web-1", "c1/shop/web-2", "c1/shop/web-3"], Keys(await explorer.RunTextAsync("pods where environment = production")));
        Assert.Equal(["c1/shop/web-1", "c1/shop/web-3"], Keys(await explorer.RunTextAsync("pods where running")));
        Assert.Equal(["c1/shop"], Keys(await explorer.RunTextAsync("namespaces where pods(name = web-3)")));
    }

    [Fact]
    public async Task Concurrent_queries_on_a_cold_cache_read_each_node_once()
    {
        var (slow, reads) = SlowNodeReads.Wrap(_store);
        var topology = new GraphTopologyCache(slow);
        var explorer = new Explorer(slow, topology: topology);
        await topology.GetAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => explorer.RunTextAsync("pods where environment = test")));
        Assert.All(results, r => Assert.Equal(3, r.Total));
        // Three pods, their namespace and cluster for the labels, then the three rows: without the queue each of the four
        // queries would read the pods, namespace and cluster itself.
        Assert.Equal(5, reads.Ids.Distinct().Count());
        Assert.True(reads.Ids.Count <= 5 + (4 * 3), $"{reads.Ids.Count} node reads");
    }

    private static string[] Keys(QueryResult result) => [.. result.Rows.Select(r => r.Key)];

    private static Evidence Evidence(DateTimeOffset at) => new("test", EvidenceMethods.KubernetesApi, 1.0, at);
}

/// <summary>An <see cref="IGraphStore"/> whose node reads take 100 ms and are recorded (ids asked for).</summary>
public class SlowNodeReads : System.Reflection.DispatchProxy
{
    private IGraphStore _inner = null!;

    public System.Collections.Concurrent.ConcurrentBag<long> Ids { get; } = [];

    public static (IGraphStore Store, SlowNodeReads Reads) Wrap(IGraphStore inner)
    {
        var store = Create<IGraphStore, SlowNodeReads>();
        var reads = (SlowNodeReads)(object)store;
        reads._inner = inner;
        return (store, reads);
    }

    protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IGraphStore.GetNodesAsync))
        {
            var ids = (IReadOnlyCollection<long>)args![0]!;
            foreach (var id in ids)
            {
                Ids.Add(id);
            }

            return DelayedAsync(ids, (CancellationToken)args[1]!);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private async Task<IReadOnlyList<StoredNode>> DelayedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await Task.Delay(100, cancellationToken);
        return await _inner.GetNodesAsync(ids, cancellationToken);
    }
}
