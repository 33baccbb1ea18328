using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Kubernetes.Tests;

/// <summary>Files → batch → SQLite store → facts and edges read back.</summary>
public sealed class StoreRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task All_fixtures_are_stored_and_read_back_with_their_facts_and_evidence()
    {
        var import = await KubernetesFiles.ReadAsync("prod-eu", Fixtures.All.Select(Fixtures.Path).ToList(), _clock);
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("t.db"), _clock);

        var summary = await store.IngestAsync(import.Batch);
        var counts = await store.CountAsync();

        Assert.Equal(0, summary.NodesEnded);
        Assert.Equal(5, counts.NodesByKind[NodeKinds.Pod]);
        Assert.Equal(5, counts.NodesByKind[NodeKinds.Container]);
        Assert.Equal(3, counts.NodesByKind[NodeKinds.Image]);
        Assert.Equal(3, counts.NodesByKind[NodeKinds.Service]);
        var container = await store.FindNodeAsync(new NodeRef(NodeKinds.Container, "prod-eu/kube-system/kube-proxy-d9fx4/kube-proxy"));
        Assert.True(container!.Facts<ContainerFacts>().Privileged);
        var image = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, "sha256:d8afe405e650f0e4b5ba1c76a22fbbca4d0deb6bd6498c3818df58b5e30f8daf"));
        var runners = await store.GetEdgesAsync([image!.Id], EdgeDirection.Incoming, [EdgeTypes.RunsImage]);
        Assert.Equal(3, runners.Count);
        Assert.All(runners, e =>
        {
            Assert.Equal("kubernetes", e.Collector);
            Assert.Equal(EvidenceMethods.KubernetesApi, e.Method);
            Assert.Equal(_clock.GetUtcNow(), e.FirstSeen);
        });
        var istio = await store.FindNodeAsync(new NodeRef(NodeKinds.Service, "prod-eu/istio-system/istio-ingressgateway"));
        Assert.True(istio!.Facts<ServiceFacts>().ExternallyReachable);
    }

    [Fact]
    public async Task A_snapshot_ingest_ends_pods_the_files_no_longer_hold_and_a_plain_one_does_not()
    {
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("t.db"), _clock);
        await store.IngestAsync((await KubernetesFiles.ReadAsync("c1", [Fixtures.Path(Fixtures.PodList)], _clock, snapshot: true)).Batch);
        var fewer = _dir.File("fewer.json");
        var text = await File.ReadAllTextAsync(Fixtures.Path(Fixtures.PodList));
        var list = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
        list["items"]!.AsArray().RemoveAt(4);
        await File.WriteAllTextAsync(fewer, list.ToJsonString());

        _clock.Advance(TimeSpan.FromMinutes(1));
        var plain = await store.IngestAsync((await KubernetesFiles.ReadAsync("c1", [fewer], _clock)).Batch);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var snapshot = await store.IngestAsync((await KubernetesFiles.ReadAsync("c1", [fewer], _clock, snapshot: true)).Batch);

        Assert.Equal(0, plain.NodesEnded);
        // The redis pod and container, its ReplicaSet, and the default namespace and account that only it used.
        Assert.Equal(5, snapshot.NodesEnded);
        Assert.False((await store.FindNodeAsync(new NodeRef(NodeKinds.Workload, "c1/default/ReplicaSet/redis-unready-69cfd574f5")))!.IsCurrent);
        Assert.False((await store.FindNodeAsync(new NodeRef(NodeKinds.Namespace, "c1/default")))!.IsCurrent);
        Assert.True((await store.FindNodeAsync(new NodeRef(NodeKinds.Namespace, "c1/kube-system")))!.IsCurrent);
        var redis = await store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "c1/default/redis-unready-69cfd574f5-wg9vb"));
        var redisContainer = await store.FindNodeAsync(new NodeRef(NodeKinds.Container, "c1/default/redis-unready-69cfd574f5-wg9vb/redis-unready"));
        var coredns = await store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "c1/kube-system/coredns-747dbcf5df-ks57g"));
        Assert.Equal(_clock.GetUtcNow(), redis!.EndedAt);
        Assert.False(redisContainer!.IsCurrent);
        Assert.True(coredns!.IsCurrent);
    }

    [Fact]
    public async Task Bad_input_in_any_file_fails_the_whole_import_before_anything_is_built()
    {
        var truncated = _dir.File("truncated.json");
        await File.WriteAllBytesAsync(truncated, Fixtures.Bytes(Fixtures.Deployment)[..200]);

        var error = await Assert.ThrowsAsync<Core.Errors.InputException>(() =>
            KubernetesFiles.ReadAsync("c1", [Fixtures.Path(Fixtures.PodList), truncated], _clock));

        Assert.Equal(truncated, error.Source);
        await Assert.ThrowsAsync<Core.Errors.InputException>(() => KubernetesFiles.ReadAsync("c1/x", [Fixtures.Path(Fixtures.PodList)], _clock));
        await Assert.ThrowsAsync<Core.Errors.InputException>(() => KubernetesFiles.ReadAsync("c1", [_dir.File("missing.json")], _clock));
    }
}
