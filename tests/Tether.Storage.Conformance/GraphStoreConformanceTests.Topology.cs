using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Testing;
using Xunit;

namespace Tether.Storage.Conformance;

/// <summary>The generation counter and the whole-graph topology read, on every backend.</summary>
public abstract partial class GraphStoreConformanceTests
{
    [Fact]
    public async Task The_generation_moves_on_with_every_stored_batch_and_not_with_a_failed_one()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var start = await store.GetGenerationAsync();

        var batch = new GraphBatch("test", T0);
        batch.Add(new ImageFacts(DigestA));
        await store.IngestAsync(batch);
        var afterOne = await store.GetGenerationAsync();
        Assert.True(afterOne > start, $"{afterOne} > {start}");

        var bad = new GraphBatch("test", T0);
        bad.Link(new NodeRef(NodeKinds.Image, DigestA), EdgeTypes.HasLayer, new NodeRef(NodeKinds.Layer, "missing"), Evidence());
        await Assert.ThrowsAsync<StoreException>(() => store.IngestAsync(bad));
        Assert.Equal(afterOne, await store.GetGenerationAsync());

        var again = new GraphBatch("test", T0.AddHours(1));
        again.Add(new ImageFacts(DigestB));
        await store.IngestAsync(again);
        Assert.True(await store.GetGenerationAsync() > afterOne);
    }

    [Fact]
    public async Task The_topology_holds_every_node_and_edge_with_kinds_keys_states_and_the_requested_tag()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var first = new GraphBatch("kubernetes", T0);
        var ns = first.Add(new NamespaceFacts("c1", "payments"));
        var running = first.Add(new PodFacts("c1", "payments", "api-1") { Phase = "Running" });
        var done = first.Add(new PodFacts("c1", "payments", "job-1") { Phase = "Succeeded" });
        var unknown = first.Add(new PodFacts("c1", "payments", "ünïcode-π"));
        var container = first.Add(new ContainerFacts("c1", "payments", "api-1", "api"));
        var oldImage = first.Add(new ImageFacts(DigestA));
        first.Link(ns, EdgeTypes.Contains, running, Evidence());
        first.Link(ns, EdgeTypes.Contains, done, Evidence());
        first.Link(running, EdgeTypes.HasContainer, container, Evidence());
        first.Link(container, EdgeTypes.RunsImage, oldImage, Evidence());
        await store.IngestAsync(first);

        // The container is observed again an hour later running another image: the first link is history.
        var second = new GraphBatch("kubernetes", T0.AddHours(1));
        second.Add(new ContainerFacts("c1", "payments", "api-1", "api"));
        var newImage = second.Add(new ImageFacts(DigestB));
        second.Link(container.Ref, EdgeTypes.RunsImage, newImage.Ref, Evidence(T0.AddHours(1)));
        second.End(done.Ref);
        await store.IngestAsync(second);

        var topology = await store.ReadTopologyAsync(TopologyRequest.Default);
        Assert.Equal(await store.GetGenerationAsync(), topology.Generation);
        Assert.Equal(7, topology.NodeCount);
        Assert.Equal(5, topology.EdgeCount);

        var byKey = Enumerable.Range(0, topology.NodeCount).ToDictionary(i => (topology.KindOf(i), topology.KeyOf(i)));
        var nsIndex = byKey[(NodeKinds.Namespace, ns.Ref.Key)];
        var runningIndex = byKey[(NodeKinds.Pod, running.Ref.Key)];
        var doneIndex = byKey[(NodeKinds.Pod, done.Ref.Key)];
        var unknownIndex = byKey[(NodeKinds.Pod, unknown.Ref.Key)];
        var containerIndex = byKey[(NodeKinds.Container, container.Ref.Key)];
        var oldIndex = byKey[(NodeKinds.Image, DigestA)];
        var newIndex = byKey[(NodeKinds.Image, DigestB)];

        Assert.Equal("Running", topology.TagOf(runningIndex));
        Assert.Equal("Succeeded", topology.TagOf(doneIndex));
        Assert.Null(topology.TagOf(unknownIndex));
        Assert.Null(topology.TagOf(nsIndex));
        Assert.False(topology.IsCurrent(doneIndex));
        Assert.True(topology.IsCurrent(runningIndex));
        Assert.Equal(3, topology.NodesOfKind(NodeKinds.Pod).Length);
        Assert.Equal(0, topology.NodesOfKind("no-such-kind").Length);
        Assert.Equal(-1, topology.TypeIdOf("no-such-type"));

        var node = (await store.FindNodeAsync(running.Ref))!;
        Assert.True(topology.TryIndexOf(node.Id, out var found));
        Assert.Equal(runningIndex, found);
        Assert.Equal(node.Id, topology.IdOf(runningIndex));

        Assert.Equal([runningIndex, doneIndex], Neighbours(topology, nsIndex, EdgeDirection.Outgoing, EdgeTypes.Contains).Select(n => n.Node).Order());
        Assert.Equal([nsIndex], Neighbours(topology, doneIndex, EdgeDirection.Incoming, EdgeTypes.Contains).Select(n => n.Node));
        var images = Neighbours(topology, containerIndex, EdgeDirection.Outgoing, EdgeTypes.RunsImage).ToDictionary(n => n.Node, n => n.Current);
        Assert.Equal(new Dictionary<int, bool> { [oldIndex] = false, [newIndex] = true }, images);
        var containers = Neighbours(topology, newIndex, EdgeDirection.Incoming, EdgeTypes.RunsImage).ToDictionary(n => n.Node, n => n.Current);
        Assert.Equal(new Dictionary<int, bool> { [containerIndex] = true }, containers);
    }

    [Fact]
    public async Task Changed_kinds_name_the_nodes_written_since_a_generation_and_both_ends_of_the_edges()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var first = new GraphBatch("kubernetes", T0);
        var pod = first.Add(new PodFacts("c1", "shop", "web-1") { Phase = "Running" });
        var image = first.Add(new ImageFacts(DigestA));
        var container = first.Add(new ContainerFacts("c1", "shop", "web-1", "app"));
        first.Link(pod, EdgeTypes.HasContainer, container, Evidence(T0));
        await store.IngestAsync(first);
        var seen = await store.GetGenerationAsync();
        Assert.Empty(await store.ChangedKindsAsync(seen));

        // An edge between two stored nodes names both kinds though neither node was written.
        var link = new GraphBatch("kubernetes", T0.AddHours(1));
        link.Link(container.Ref, EdgeTypes.RunsImage, image.Ref, Evidence(T0.AddHours(1)));
        await store.IngestAsync(link);
        Assert.Equal(new[] { NodeKinds.Container, NodeKinds.Image }.Order(), (await store.ChangedKindsAsync(seen)).Order());

        var vulnerability = new GraphBatch("osv", T0.AddHours(2));
        vulnerability.Add(new VulnerabilityFacts("CVE-2026-0001"));
        await store.IngestAsync(vulnerability);
        Assert.Equal(new[] { NodeKinds.Container, NodeKinds.Image, NodeKinds.Vulnerability }.Order(), (await store.ChangedKindsAsync(seen)).Order());
        Assert.Equal([NodeKinds.Vulnerability], await store.ChangedKindsAsync(await store.GetGenerationAsync() - 1));
    }

    [Fact]
    public async Task The_topology_cache_reads_again_only_after_the_store_changed()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var cache = new GraphTopologyCache(store);
        var first = new GraphBatch("test", T0);
        first.Add(new ImageFacts(DigestA));
        await store.IngestAsync(first);

        var one = await cache.GetAsync();
        Assert.Same(one, await cache.GetAsync());
        Assert.Equal(1, one.NodeCount);

        var second = new GraphBatch("test", T0);
        second.Add(new ImageFacts(DigestB));
        await store.IngestAsync(second);
        var two = await cache.GetAsync();
        Assert.NotSame(one, two);
        Assert.Equal(2, two.NodeCount);
    }

    [Fact]
    public async Task A_topology_brought_up_to_date_equals_one_read_whole_and_keeps_only_the_values_nothing_changed_under()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var first = new GraphBatch("kubernetes", T0);
        var ns = first.Add(new NamespaceFacts("c1", "shop"));
        for (var i = 0; i < 5; i++)
        {
            var pod = first.Add(new PodFacts("c1", "shop", $"web-{i}") { Phase = "Running" });
            var container = first.Add(new ContainerFacts("c1", "shop", $"web-{i}", "app"));
            first.Link(ns, EdgeTypes.Contains, pod, Evidence(T0));
            first.Link(pod, EdgeTypes.HasContainer, container, Evidence(T0));
            first.Link(container, EdgeTypes.RunsImage, new ImageFacts(DigestA), Evidence(T0));
            first.Add(new ImageFacts(DigestA));
        }

        await store.IngestAsync(first);
        var before = await store.ReadTopologyAsync(TopologyRequest.Default);
        var podValues = before.Memo("pods", () => new object(), [NodeKinds.Pod]);
        var imageValues = before.Memo("images", () => new object(), [NodeKinds.Image]);
        var clusterValues = before.Memo("clusters", () => new object(), [NodeKinds.Cluster]);
        var untracked = before.Memo("untracked", () => new object());

        // Re-observed pods with a new image, one pod finished, one deleted by a snapshot, a new pod, a second edge method.
        var later = T0.AddHours(1);
        var second = new GraphBatch("kubernetes", later);
        second.DeclareSnapshot(NodeKinds.Pod, "c1/shop/");
        for (var i = 0; i < 4; i++)
        {
            second.Add(new PodFacts("c1", "shop", $"web-{i}") { Phase = i == 1 ? "Succeeded" : "Running" });
            var container = second.Add(new ContainerFacts("c1", "shop", $"web-{i}", "app"));
            second.Link(container, EdgeTypes.RunsImage, new ImageFacts(DigestB), Evidence(later));
        }

        second.Add(new ImageFacts(DigestB));
        var added = second.Add(new PodFacts("c1", "shop", "web-9") { Phase = "Pending" });
        second.Link(new NodeRef(NodeKinds.Namespace, "c1/shop"), EdgeTypes.Contains, added.Ref, Evidence(later));
        second.Link(new NodeRef(NodeKinds.Namespace, "c1/shop"), EdgeTypes.Contains, new NodeRef(NodeKinds.Pod, "c1/shop/web-0"),
            new Evidence("audit", EvidenceMethods.Heuristic, 0.5, later));
        await store.IngestAsync(second);

        var merged = await store.ReadTopologyAsync(TopologyRequest.Default, before);
        var whole = await store.ReadTopologyAsync(TopologyRequest.Default);
        Assert.Equal(whole.Generation, merged.Generation);
        Assert.Equal(Describe(whole), Describe(merged));
        Assert.Contains("pod c1/shop/web-4 ended Running", Describe(merged));
        Assert.Contains("pod c1/shop/web-1 current Succeeded", Describe(merged));
        Assert.Contains("container c1/shop/web-0/app -runs_image-> image " + DigestA + " history", Describe(merged));

        // The old picture is unchanged, its indexes still mean the same nodes, and only values no change touched carry over.
        Assert.Contains("pod c1/shop/web-4 current Running", Describe(before));
        Assert.All(Enumerable.Range(0, before.NodeCount), i => Assert.Equal(before.KeyOf(i), merged.KeyOf(i)));
        Assert.NotSame(podValues, merged.Memo("pods", () => new object(), [NodeKinds.Pod]));
        Assert.NotSame(untracked, merged.Memo("untracked", () => new object()));
        Assert.NotSame(imageValues, merged.Memo("images", () => new object(), [NodeKinds.Image]));
        Assert.Same(clusterValues, merged.Memo("clusters", () => new object(), [NodeKinds.Cluster]));

        // Nothing stored since: the same picture.
        Assert.Same(merged, await store.ReadTopologyAsync(TopologyRequest.Default, merged));
    }

    /// <summary>Every node and edge of a topology as sorted text: kinds, keys, states, tags, and edge currency.</summary>
    private static List<string> Describe(GraphTopology topology)
    {
        var lines = new List<string>();
        for (var node = 0; node < topology.NodeCount; node++)
        {
            lines.Add($"{topology.KindOf(node)} {topology.KeyOf(node)} {(topology.IsCurrent(node) ? "current" : "ended")} {topology.TagOf(node)}".TrimEnd());
            var edges = topology.Edges(node, EdgeDirection.Outgoing);
            for (var i = 0; i < edges.Length; i++)
            {
                var other = edges.Others[i];
                lines.Add($"{topology.KindOf(node)} {topology.KeyOf(node)} -{TypeName(topology, edges.Types[i])}-> {topology.KindOf(other)} {topology.KeyOf(other)} {(edges.CurrentForSource[i] ? "current" : "history")}");
            }

            var incoming = topology.Edges(node, EdgeDirection.Incoming);
            for (var i = 0; i < incoming.Length; i++)
            {
                lines.Add($"{topology.KeyOf(node)} <-{TypeName(topology, incoming.Types[i])}- {topology.KeyOf(incoming.Others[i])} {(incoming.CurrentForSource[i] ? "current" : "history")}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static string TypeName(GraphTopology topology, short type) =>
        new[] { EdgeTypes.Contains, EdgeTypes.HasContainer, EdgeTypes.RunsImage }.Single(t => topology.TypeIdOf(t) == type);

    private static Evidence Evidence(DateTimeOffset at) => new("test", EvidenceMethods.KubernetesApi, 1.0, at);

    private static List<(int Node, bool Current)> Neighbours(GraphTopology topology, int node, EdgeDirection direction, string type)
    {
        var typeId = topology.TypeIdOf(type);
        var edges = topology.Edges(node, direction);
        var result = new List<(int, bool)>();
        for (var i = 0; i < edges.Length; i++)
        {
            if (edges.Types[i] == typeId)
            {
                result.Add((edges.Others[i], edges.CurrentForSource[i]));
            }
        }

        return result;
    }
}
