using Tether.Core.Graph;
using Tether.Core.Model;
using Xunit;

namespace Tether.Kubernetes.Tests.Normalize;

/// <summary>The real kubelet PodList: digests from imageID, owners, security, host namespaces, evidence.</summary>
public sealed class PodNormalizationTests
{
    private readonly FixtureGraph _graph = FixtureGraph.Of(Fixtures.PodList);

    [Theory]
    [InlineData("kube-system/kube-controller-manager/kube-controller-manager", "sha256:d8afe405e650f0e4b5ba1c76a22fbbca4d0deb6bd6498c3818df58b5e30f8daf")]
    [InlineData("kube-system/kube-proxy-d9fx4/kube-proxy", "sha256:d8afe405e650f0e4b5ba1c76a22fbbca4d0deb6bd6498c3818df58b5e30f8daf")]
    [InlineData("kube-system/coredns-747dbcf5df-ks57g/coredns", "sha256:399cc5b2e2f0d599ef22f43aab52492e88b4f0fd69da9b10545e95a4253c86ce")]
    [InlineData("default/redis-unready-69cfd574f5-wg9vb/redis-unready", "sha256:e549a30b3c31e6305b973e0d9113a3d38d60566708137af9ed7cbdce5650c5cc")]
    public void Containers_link_to_the_manifest_digest_in_imageID(string container, string digest)
    {
        var facts = _graph.Node<ContainerFacts>("demo/" + container);

        Assert.Equal(digest, facts.ImageDigest);
        Assert.Equal("status.imageID", facts.ImageDigestSource);
        Assert.Null(facts.ImageConfigId);
        var edge = Assert.Single(_graph.From(NodeKinds.Container, facts.Key, EdgeTypes.RunsImage));
        Assert.Equal(new NodeRef(NodeKinds.Image, digest), edge.To);
        Assert.Equal(1.0, edge.Evidence.Confidence);
        Assert.Equal(EvidenceMethods.KubernetesApi, edge.Evidence.Method);
        Assert.True(_graph.Has<ImageFacts>(digest));
    }

    [Fact]
    public void The_spec_image_and_the_kubelet_imageID_are_both_kept_on_the_container()
    {
        var redis = _graph.Node<ContainerFacts>("demo/default/redis-unready-69cfd574f5-wg9vb/redis-unready");

        Assert.Equal("redis", redis.Image);
        Assert.Equal("docker-pullable://redis@sha256:e549a30b3c31e6305b973e0d9113a3d38d60566708137af9ed7cbdce5650c5cc", redis.ImageId);
        Assert.True(redis.Ready);
        Assert.Equal(0, redis.RestartCount);
        Assert.False(redis.Init);
    }

    [Fact]
    public void Pods_are_owned_by_their_ReplicaSet_or_DaemonSet_made_from_the_owner_reference()
    {
        var coredns = Assert.Single(_graph.From(NodeKinds.Pod, "demo/kube-system/coredns-747dbcf5df-ks57g", EdgeTypes.OwnedBy));
        var proxy = Assert.Single(_graph.From(NodeKinds.Pod, "demo/kube-system/kube-proxy-d9fx4", EdgeTypes.OwnedBy));

        Assert.Equal(new NodeRef(NodeKinds.Workload, "demo/kube-system/ReplicaSet/coredns-747dbcf5df"), coredns.To);
        Assert.Equal(new NodeRef(NodeKinds.Workload, "demo/kube-system/DaemonSet/kube-proxy"), proxy.To);
        Assert.Equal("479e621f-85f7-11e9-892f-02c6fa0ccfb0", _graph.Node<WorkloadFacts>("demo/kube-system/ReplicaSet/coredns-747dbcf5df").Uid);
        Assert.Equal("47af7bf2-85f7-11e9-892f-02c6fa0ccfb0", coredns.Evidence.Document);
        Assert.Empty(_graph.From(NodeKinds.Pod, "demo/kube-system/kube-controller-manager", EdgeTypes.OwnedBy));
    }

    [Fact]
    public void Privilege_and_host_namespaces_come_from_the_spec()
    {
        var proxyPod = _graph.Node<PodFacts>("demo/kube-system/kube-proxy-d9fx4");
        var proxy = _graph.Node<ContainerFacts>("demo/kube-system/kube-proxy-d9fx4/kube-proxy");
        var redisPod = _graph.Node<PodFacts>("demo/default/redis-unready-69cfd574f5-wg9vb");
        var redis = _graph.Node<ContainerFacts>("demo/default/redis-unready-69cfd574f5-wg9vb/redis-unready");

        Assert.True(proxyPod.HostNetwork);
        Assert.True(proxy.Privileged);
        Assert.True(proxy.AllowPrivilegeEscalation);
        Assert.True(proxy.RunAsRoot);
        Assert.False(redisPod.HostNetwork);
        Assert.False(redis.Privileged);
        Assert.Null(redis.AllowPrivilegeEscalation);
        Assert.True(redis.RunAsRoot);
    }

    [Fact]
    public void Pod_facts_keep_labels_annotations_phase_node_and_account_but_drop_last_applied_configuration()
    {
        var manager = _graph.Node<PodFacts>("demo/kube-system/kube-controller-manager");
        var redis = _graph.Node<PodFacts>("demo/default/redis-unready-69cfd574f5-wg9vb");

        Assert.Equal("Running", manager.Phase);
        Assert.Equal("ci-pierremargueritte", manager.NodeName);
        Assert.Equal("kube-controller-manager", manager.ServiceAccount);
        Assert.False(manager.AutomountServiceAccountToken);
        Assert.Equal("kube-controller-manager", manager.Labels!["app"]);
        Assert.False(manager.Annotations!.ContainsKey("kubectl.kubernetes.io/last-applied-configuration"));
        Assert.Equal("api", manager.Annotations["kubernetes.io/config.source"]);
        Assert.Equal("redis", redis.Labels!["app"]);
        Assert.Equal(new DateTimeOffset(2019, 6, 3, 12, 0, 34, TimeSpan.Zero), manager.Created);
    }

    [Fact]
    public void Pods_run_as_their_service_account_and_sit_in_their_namespace_in_the_cluster()
    {
        var runsAs = Assert.Single(_graph.From(NodeKinds.Pod, "demo/kube-system/coredns-747dbcf5df-ks57g", EdgeTypes.RunsAs));
        var contains = Assert.Single(_graph.To(NodeKinds.Pod, "demo/default/redis-unready-69cfd574f5-wg9vb", EdgeTypes.Contains));

        Assert.Equal(new NodeRef(NodeKinds.ServiceAccount, "demo/kube-system/coredns"), runsAs.To);
        Assert.Equal(new NodeRef(NodeKinds.Namespace, "demo/default"), contains.From);
        Assert.Equal(
            ["demo/default", "demo/kube-system"],
            _graph.From(NodeKinds.Cluster, "demo", EdgeTypes.Contains).Select(e => e.To.Key).Order());
    }

    [Fact]
    public void Every_edge_carries_the_collector_time_and_a_document()
    {
        Assert.NotEmpty(_graph.Batch.Edges);
        Assert.All(_graph.Batch.Edges, e =>
        {
            Assert.Equal("kubernetes", e.Evidence.Collector);
            Assert.Equal(FixtureGraph.ObservedAt, e.Evidence.ObservedAt);
            Assert.False(string.IsNullOrEmpty(e.Evidence.Document));
        });
    }

    [Fact]
    public void Init_containers_and_spec_pinned_digests_are_read_with_their_own_confidence()
    {
        const string Pinned = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
        var graph = FixtureGraph.OfText($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: shop, uid: u-web}
            spec:
              initContainers:
              - name: migrate
                image: registry.example.com/shop/migrate@{{Pinned}}
              containers:
              - name: app
                image: registry.example.com/shop/app:1.0
                ports: [{containerPort: 8080, hostPort: 8080}]
            status:
              initContainerStatuses:
              - name: migrate
                image: registry.example.com/shop/migrate@{{Pinned}}
                imageID: sha256:2222222222222222222222222222222222222222222222222222222222222222
                ready: true
                restartCount: 0
              containerStatuses:
              - name: app
                image: registry.example.com/shop/app:1.0
                imageID: docker://sha256:3333333333333333333333333333333333333333333333333333333333333333
                ready: false
                restartCount: 4
            """);

        var migrate = graph.Node<ContainerFacts>("demo/shop/web/migrate");
        var app = graph.Node<ContainerFacts>("demo/shop/web/app");

        Assert.True(migrate.Init);
        Assert.Equal(Pinned, migrate.ImageDigest);
        Assert.Equal("spec.image", migrate.ImageDigestSource);
        Assert.Equal("sha256:2222222222222222222222222222222222222222222222222222222222222222", migrate.ImageConfigId);
        Assert.Equal(0.8, Assert.Single(graph.From(NodeKinds.Container, migrate.Key, EdgeTypes.RunsImage)).Evidence.Confidence);
        Assert.Null(app.ImageDigest);
        Assert.Equal("sha256:3333333333333333333333333333333333333333333333333333333333333333", app.ImageConfigId);
        Assert.Empty(graph.From(NodeKinds.Container, app.Key, EdgeTypes.RunsImage));
        Assert.DoesNotContain(graph.Batch.Nodes.OfType<ImageFacts>(), i => i.Digest.StartsWith("sha256:3333", StringComparison.Ordinal));
        Assert.Equal(4, app.RestartCount);
        Assert.Equal([8080], graph.Node<PodFacts>("demo/shop/web").HostPorts);
        Assert.Equal("u-web", Assert.Single(graph.From(NodeKinds.Pod, "demo/shop/web", EdgeTypes.HasContainer), e => e.To.Key.EndsWith("/app", StringComparison.Ordinal)).Evidence.Document);
    }
}
