using System.Text.Json.Nodes;
using Tether.Core.Errors;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Kubernetes.Collect;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Kubernetes.Tests.Collect;

/// <summary>`tether collect k8s` against in-process API servers replaying the recorded fixtures.</summary>
public sealed class LiveCollectionTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new();
    private FakeKubeApiServer _east = null!;
    private FakeKubeApiServer _west = null!;
    private IGraphStore _store = null!;
    private IReadOnlyList<KubeTarget> _targets = null!;

    public async Task InitializeAsync()
    {
        _east = await FakeKubeApiServer.StartAsync();
        _west = await FakeKubeApiServer.StartAsync();
        foreach (var fixture in new[] { Fixtures.PodList, Fixtures.Deployment, Fixtures.ServiceLoadBalancer, Fixtures.ServiceAccount, Fixtures.NetworkPolicy })
        {
            foreach (var obj in RecordedObjects.Of(fixture))
            {
                _east.Add(obj);
            }
        }

        foreach (var fixture in new[] { Fixtures.ChainIngress, Fixtures.ChainService, Fixtures.ChainDeployment, Fixtures.ServiceClusterIp })
        {
            foreach (var obj in RecordedObjects.Of(fixture))
            {
                _west.Add(obj);
            }
        }

        var kubeconfig = Kubeconfig.Write(_dir.File("kubeconfig"), ("east", _east.Url), ("west", _west.Url));
        _targets = await KubeContexts.ResolveAsync(kubeconfig, ["east", "west"]);
        _store = await SqliteGraphStore.OpenAsync(_dir.File("t.db"), _clock);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _east.DisposeAsync();
        await _west.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Two_contexts_are_collected_as_two_clusters_through_paged_lists()
    {
        var collector = new KubernetesCollector(_store, _clock, pageSize: 2);

        var east = await collector.CollectAsync(_targets[0], null);
        var west = await collector.CollectAsync(_targets[1], null);

        Assert.Equal("east", east.Cluster);
        Assert.Equal(5, east.ObjectsByKind["Pod"]);
        Assert.Equal(1, west.ObjectsByKind["Ingress"]);
        Assert.Empty(east.Unavailable);
        Assert.Contains(_east.Requests, r => r.StartsWith("/api/v1/pods?", StringComparison.Ordinal) && r.Contains("continue=4", StringComparison.Ordinal));
        var pods = await _store.FindNodesByKeyPrefixAsync(NodeKinds.Pod, "east/", 100);
        Assert.Equal(5, pods.Count);
        Assert.Empty(await _store.FindNodesByKeyPrefixAsync(NodeKinds.Pod, "west/", 100));
        var route = await Edges(NodeKinds.Ingress, "west/myapp-api/myapp-api-ig", EdgeTypes.RoutesTo);
        Assert.Equal("kubernetes-api", Assert.Single(route).Collector);
        var container = await _store.FindNodeAsync(new NodeRef(NodeKinds.Container, "east/default/redis-unready-69cfd574f5-wg9vb/redis-unready"));
        Assert.Equal("sha256:e549a30b3c31e6305b973e0d9113a3d38d60566708137af9ed7cbdce5650c5cc", container!.Facts<ContainerFacts>().ImageDigest);
        var cluster = (await _store.FindNodeAsync(new NodeRef(NodeKinds.Cluster, "west")))!.Facts<ClusterFacts>();
        Assert.Equal("west", cluster.Context);
        Assert.Equal(_west.Url.ToString().TrimEnd('/'), cluster.Server?.TrimEnd('/'));
    }

    [Fact]
    public async Task A_second_collect_without_a_pod_ends_it_and_its_container()
    {
        var collector = new KubernetesCollector(_store, _clock);
        await collector.CollectAsync(_targets[0], null);
        _east.Remove("Pod", "default", "redis-unready-69cfd574f5-wg9vb");
        _clock.Advance(TimeSpan.FromMinutes(5));

        var second = await collector.CollectAsync(_targets[0], null);

        var redis = await _store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "east/default/redis-unready-69cfd574f5-wg9vb"));
        var container = await _store.FindNodeAsync(new NodeRef(NodeKinds.Container, "east/default/redis-unready-69cfd574f5-wg9vb/redis-unready"));
        var coredns = await _store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "east/kube-system/coredns-747dbcf5df-ks57g"));
        Assert.Equal(_clock.GetUtcNow(), redis!.EndedAt);
        Assert.False(container!.IsCurrent);
        Assert.True(coredns!.IsCurrent);
        Assert.True(second.Stored.NodesEnded >= 2);
    }

    [Fact]
    public async Task A_kind_the_credentials_may_not_list_is_reported_and_its_stored_nodes_are_not_ended()
    {
        var collector = new KubernetesCollector(_store, _clock);
        await collector.CollectAsync(_targets[0], null);
        _east.Forbidden["networkpolicies"] = true;
        _clock.Advance(TimeSpan.FromMinutes(5));

        var second = await collector.CollectAsync(_targets[0], null);

        Assert.Equal(["NetworkPolicy"], second.Unavailable);
        Assert.True((await _store.FindNodeAsync(new NodeRef(NodeKinds.NetworkPolicy, "east/test/test-network-policy")))!.IsCurrent);
    }

    [Fact]
    public async Task One_namespace_can_be_collected_alone()
    {
        var collector = new KubernetesCollector(_store, _clock);

        var collection = await collector.CollectAsync(_targets[0], "kube-system");

        Assert.Equal(4, collection.ObjectsByKind["Pod"]);
        Assert.Contains(_east.Requests, r => r.StartsWith("/api/v1/namespaces/kube-system/pods", StringComparison.Ordinal));
        Assert.DoesNotContain(_east.Requests, r => r.StartsWith("/api/v1/namespaces?", StringComparison.Ordinal));
        Assert.Null(await _store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "east/default/redis-unready-69cfd574f5-wg9vb")));
    }

    [Fact]
    public async Task The_watch_stores_added_and_modified_pods_and_ends_deleted_ones_but_not_their_namesakes()
    {
        var collector = new KubernetesCollector(_store, _clock);
        var from = await collector.CollectAsync(_targets[0], null);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watch = collector.WatchAsync(_targets[0], null, from, cancellationToken: stop.Token);

        var redis = RecordedObjects.Pod("redis-unready-69cfd574f5-wg9vb");
        _east.PodEvent("ADDED", RecordedObjects.Renamed(redis, "redis-unready-69cfd574f5-wg9vb-2", "uid-new"));
        var modified = (JsonObject)redis.DeepClone();
        modified["metadata"]!["labels"]!["release"] = "canary";
        _east.PodEvent("MODIFIED", modified);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _east.PodEvent("DELETED", redis);

        var ended = await Eventually(async () =>
            await _store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "east/default/redis-unready-69cfd574f5-wg9vb")) is { IsCurrent: false } node ? node : null);
        await stop.CancelAsync();
        await watch;

        Assert.Equal("canary", ended.Facts<PodFacts>().Labels!["release"]);
        Assert.False((await _store.FindNodeAsync(new NodeRef(NodeKinds.Container, "east/default/redis-unready-69cfd574f5-wg9vb/redis-unready")))!.IsCurrent);
        var added = await _store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "east/default/redis-unready-69cfd574f5-wg9vb-2"));
        Assert.True(added!.IsCurrent);
        Assert.Equal("uid-new", added.Facts<PodFacts>().Uid);
        var owner = Assert.Single(await Edges(NodeKinds.Pod, added.Key, EdgeTypes.OwnedBy));
        Assert.Equal("uid-new", owner.Document);
        Assert.Contains(_east.Requests, r => r.Contains("watch=true", StringComparison.Ordinal) && r.Contains("resourceVersion=" + from.PodsResourceVersion, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_watch_from_an_expired_resourceVersion_relists_and_resumes()
    {
        var collector = new KubernetesCollector(_store, _clock);
        var from = await collector.CollectAsync(_targets[0], null);
        _east.ExpireVersions();
        _east.Remove("Pod", "kube-system", "kube-scheduler-4p822");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var watch = collector.WatchAsync(_targets[0], null, from, cancellationToken: stop.Token);

        // The relist is a snapshot: the pod removed while the watch was away is ended by it.
        await Eventually(async () =>
            await _store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "east/kube-system/kube-scheduler-4p822")) is { IsCurrent: false } node ? node : null);
        _east.PodEvent("DELETED", RecordedObjects.Pod("coredns-747dbcf5df-ks57g"));
        await Eventually(async () =>
            await _store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "east/kube-system/coredns-747dbcf5df-ks57g")) is { IsCurrent: false } node ? node : null);
        await stop.CancelAsync();
        await watch;

        Assert.Equal(2, _east.Requests.Count(r => r.StartsWith("/api/v1/pods?", StringComparison.Ordinal) && r.Contains("watch=false", StringComparison.Ordinal)));
        Assert.Equal(2, _east.Requests.Count(r => r.StartsWith("/api/v1/pods?", StringComparison.Ordinal) && r.Contains("watch=true", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_unknown_context_or_a_missing_kubeconfig_is_bad_input()
    {
        var kubeconfig = Kubeconfig.Write(_dir.File("other"), ("east", _east.Url));

        var unknown = await Assert.ThrowsAsync<InputException>(() => KubeContexts.ResolveAsync(kubeconfig, ["nope"]));
        var missing = await Assert.ThrowsAsync<InputException>(() => KubeContexts.ResolveAsync(_dir.File("absent"), []));

        Assert.Contains("no context 'nope'", unknown.Reason, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Reason, StringComparison.Ordinal);
        Assert.Equal("east", Assert.Single(await KubeContexts.ResolveAsync(kubeconfig, []))!.Cluster);
        var eks = Kubeconfig.Write(_dir.File("eks"), ("arn:aws:eks:eu-west-1:123456789012:cluster/prod", _east.Url));
        Assert.Equal("arn:aws:eks:eu-west-1:123456789012:cluster:prod", Assert.Single(await KubeContexts.ResolveAsync(eks, [])).Cluster);
    }

    private async Task<IReadOnlyList<StoredEdge>> Edges(string kind, string key, string type)
    {
        var node = await _store.FindNodeAsync(new NodeRef(kind, key)) ?? throw new InvalidOperationException($"no {kind} {key}");
        return await _store.GetEdgesAsync([node.Id], EdgeDirection.Outgoing, [type]);
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the store did not reach the expected state in 15 s");
    }
}
