using System.Globalization;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Testing;
using Xunit;

namespace Tether.Storage.Conformance;

/// <summary>
/// How one batch is written: repeats inside a batch, edges between nodes of the same batch and stored ones, ends,
/// the summary, and a batch of realistic size. SQLite writes row by row and PostgreSQL set-based; both must store
/// exactly the same thing.
/// </summary>
public abstract partial class GraphStoreConformanceTests
{
    private static readonly string DigestC = "sha256:" + new string('c', 64);

    [Fact]
    public async Task Facts_given_twice_in_one_batch_merge_with_the_later_winning_over_what_is_stored()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var first = new GraphBatch("registry", T0);
        first.Add(new ImageFacts(DigestA) { Platform = "linux/amd64", MediaType = "m1", Labels = new Dictionary<string, string> { ["a"] = "1" } });
        first.Add(Match("GHSA-1111-1111-1111", "4.17.12"));
        await store.IngestAsync(first);

        var second = new GraphBatch("mixed", T0.AddHours(1));
        second.Add(new ImageFacts(DigestA) { Platform = "linux/arm64", Labels = new Dictionary<string, string> { ["b"] = "2" } });
        second.Add(new ImageFacts(DigestA) { Platform = "linux/s390x" });
        second.Add(new ImageFacts(DigestB) { Platform = "linux/amd64" });
        second.Add(new ImageFacts(DigestB) { MediaType = "m2" });
        // A decision given twice: the second replaces the first whole, and both replace what is stored.
        second.Add(Match("GHSA-2222-2222-2222", "4.17.13"));
        second.Add(Match("GHSA-3333-3333-3333", null));
        var summary = await store.IngestAsync(second);

        Assert.Equal(new IngestSummary(1, 2, 0, 0), summary);
        var a = (await store.FindNodeAsync(new NodeRef(NodeKinds.Image, DigestA)))!.Facts<ImageFacts>();
        Assert.Equal(("linux/s390x", "m1"), (a.Platform, a.MediaType));
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, a.Labels);
        var b = (await store.FindNodeAsync(new NodeRef(NodeKinds.Image, DigestB)))!.Facts<ImageFacts>();
        Assert.Equal(("linux/amd64", "m2"), (b.Platform, b.MediaType));
        var match = (await store.FindNodeAsync(Match("x", null).Ref))!.Facts<VulnerabilityMatchFacts>();
        Assert.Equal(("GHSA-3333-3333-3333", null), (match.AdvisoryId, match.FixedVersion));

        // Aliases only accumulate: the stored one stays, the replaced decision of the same batch never got one.
        Assert.Single(await store.FindNodesByAliasAsync(NodeKinds.VulnerabilityMatch, VulnerabilityMatchFacts.AdvisoryAlias("GHSA-1111-1111-1111")));
        Assert.Empty(await store.FindNodesByAliasAsync(NodeKinds.VulnerabilityMatch, VulnerabilityMatchFacts.AdvisoryAlias("GHSA-2222-2222-2222")));
        Assert.Single(await store.FindNodesByAliasAsync(NodeKinds.VulnerabilityMatch, VulnerabilityMatchFacts.AdvisoryAlias("GHSA-3333-3333-3333")));
    }

    [Fact]
    public async Task An_edge_repeated_in_a_batch_is_one_edge_with_the_last_evidence_and_the_widest_window()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var first = new GraphBatch("ci", T0.AddHours(1));
        var run = first.Add(new PipelineRunFacts("github-actions", "github.com/org/app", "42", 1));
        var image = first.Add(new ImageFacts(DigestA));
        first.Link(run, EdgeTypes.Built, image, new Evidence("ci-report", EvidenceMethods.CiReport, 0.9, T0.AddHours(1), "sha256:doc0"));
        await store.IngestAsync(first);

        var second = new GraphBatch("second", T0.AddHours(2));
        second.Link(run.Ref, EdgeTypes.Built, image.Ref, new Evidence("a", EvidenceMethods.CiReport, 0.7, T0.AddHours(3), "sha256:doc1"));
        second.Link(run.Ref, EdgeTypes.Built, image.Ref, new Evidence("b", EvidenceMethods.CiReport, 0.6, T0, "sha256:doc2"));
        // No collector of its own: the batch's is recorded. No document: the earlier one does not survive.
        second.Link(run.Ref, EdgeTypes.Built, image.Ref, new Evidence("", EvidenceMethods.CiReport, 0.5, T0.AddHours(2), null));
        var summary = await store.IngestAsync(second);

        // Every edge given counts, as each was an upsert.
        Assert.Equal(new IngestSummary(0, 0, 3, 0), summary);
        var runNode = await store.FindNodeAsync(run.Ref);
        var edge = Assert.Single(await store.GetEdgesAsync([runNode!.Id], EdgeDirection.Outgoing));
        Assert.Equal(("second", 0.5, (string?)null), (edge.Collector, edge.Confidence, edge.Document));
        Assert.Equal((T0, T0.AddHours(3)), (edge.FirstSeen, edge.LastSeen));
        Assert.Equal(1, (await store.CountAsync()).Edges);
    }

    [Fact]
    public async Task Edges_join_nodes_created_or_updated_in_the_same_batch_and_nodes_stored_before()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var registry = new GraphBatch("registry", T0);
        registry.Add(new ImageFacts(DigestA) { Platform = "linux/amd64" });
        registry.Add(new ImageFacts(DigestB) { Platform = "linux/arm64" });
        await store.IngestAsync(registry);
        var storedA = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, DigestA));
        var storedB = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, DigestB));

        var runtime = new GraphBatch("k8s", T0.AddHours(1));
        var container = runtime.Add(new ContainerFacts("c", "ns", "p", "app"));
        var imageA = runtime.Add(new ImageFacts(DigestA) { MediaType = "m" });
        var imageC = runtime.Add(new ImageFacts(DigestC));
        runtime.Link(container, EdgeTypes.RunsImage, imageA, Evidence());
        runtime.Link(container, EdgeTypes.RunsImage, imageC, Evidence());
        runtime.Link(container.Ref, EdgeTypes.RunsImage, storedB!.Ref, Evidence());
        runtime.Link(storedB.Ref, EdgeTypes.HasLayer, imageC.Ref, Evidence());
        Assert.Equal(new IngestSummary(2, 1, 4, 0), await store.IngestAsync(runtime));

        var containerNode = await store.FindNodeAsync(container.Ref);
        var imageCNode = await store.FindNodeAsync(imageC.Ref);
        var targets = (await store.GetEdgesAsync([containerNode!.Id], EdgeDirection.Outgoing)).Select(e => e.ToId).Order().ToList();
        Assert.Equal(new[] { storedA!.Id, storedB.Id, imageCNode!.Id }.Order(), targets);
        Assert.Equal(storedB.Id, Assert.Single(await store.GetEdgesAsync([imageCNode.Id], EdgeDirection.Incoming, [EdgeTypes.HasLayer])).FromId);
        Assert.Equal(3, (await store.CountAsync()).NodesByKind[NodeKinds.Image]);
    }

    [Fact]
    public async Task An_edge_from_an_unknown_node_fails_the_whole_batch_naming_the_first_such_edge()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var batch = new GraphBatch("k8s", T0);
        var image = batch.Add(new ImageFacts(DigestA));
        batch.Add(new ContainerFacts("c", "ns", "p", "app"));
        batch.Link(new NodeRef(NodeKinds.Container, "c/ns/p/app"), EdgeTypes.RunsImage, image.Ref, Evidence());
        batch.Link(new NodeRef(NodeKinds.Container, "c/ns/ghost/app"), EdgeTypes.RunsImage, image.Ref, Evidence());
        batch.Link(image.Ref, EdgeTypes.HasLayer, new NodeRef(NodeKinds.Layer, "sha256:missing"), Evidence());

        var error = await Assert.ThrowsAsync<StoreException>(() => store.IngestAsync(batch));
        Assert.Equal(
            $"Edge container:c/ns/ghost/app -runs_image-> image:{DigestA} refers to container:c/ns/ghost/app, which is neither in the batch nor in the store.",
            error.Message);
        Assert.Empty((await store.CountAsync()).NodesByKind);
    }

    [Fact]
    public async Task A_mixed_batch_reports_what_it_created_updated_linked_and_ended()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var first = new GraphBatch("k8s", T0);
        foreach (var name in new[] { "a", "b", "c" })
        {
            first.Add(new PodFacts("prod", "default", name));
        }

        first.Add(new ImageFacts(DigestA));
        await store.IngestAsync(first);

        var at = T0.AddHours(1);
        var second = new GraphBatch("k8s", at);
        var a = second.Add(new PodFacts("prod", "default", "a") { Phase = "Running" });
        var d = second.Add(new PodFacts("prod", "default", "d"));
        var imageA = second.Add(new ImageFacts(DigestA) { Platform = "linux/amd64" });
        var imageB = second.Add(new ImageFacts(DigestB));
        second.Link(a, EdgeTypes.RunsImage, imageA, Evidence());
        second.Link(d, EdgeTypes.RunsImage, imageB, Evidence());
        second.Link(d, EdgeTypes.RunsImage, imageB, Evidence());
        // c is ended explicitly (twice, and counted once) and so escapes the snapshot; b is ended by it.
        second.End(new NodeRef(NodeKinds.Pod, "prod/default/c"));
        second.End(new NodeRef(NodeKinds.Pod, "prod/default/c"));
        second.End(new NodeRef(NodeKinds.Pod, "prod/default/absent"));
        // Observed and ended in the same batch: the end comes last, as in the per-row order.
        second.End(imageA.Ref);
        second.DeclareSnapshot(NodeKinds.Pod, "prod/");
        var summary = await store.IngestAsync(second);

        Assert.Equal(new IngestSummary(2, 2, 3, 3), summary);
        Assert.Equal(2, (await store.CountAsync()).Edges);
        var pods = await store.ListNodesAsync(NodeKinds.Pod, null, 10);
        Assert.Equal(
            ["prod/default/a current", "prod/default/b ended", "prod/default/c ended", "prod/default/d current"],
            pods.Select(p => $"{p.Key} {(p.IsCurrent ? "current" : "ended")}"));
        Assert.All(pods.Where(p => !p.IsCurrent), p => Assert.Equal(at, p.EndedAt));
        var image = await store.FindNodeAsync(imageA.Ref);
        Assert.Equal((at, "linux/amd64"), (image!.EndedAt, image.Facts<ImageFacts>().Platform));
    }

    [Fact]
    public async Task A_node_ended_by_a_snapshot_comes_back_current_keeping_its_first_seen_and_its_properties()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var first = new GraphBatch("k8s", T0);
        first.Add(new PodFacts("prod", "default", "a") { NodeName = "node-1", Phase = "Pending" });
        first.DeclareSnapshot(NodeKinds.Pod, "prod/");
        await store.IngestAsync(first);

        var empty = new GraphBatch("k8s", T0.AddHours(1));
        empty.DeclareSnapshot(NodeKinds.Pod, "prod/");
        Assert.Equal(new IngestSummary(0, 0, 0, 1), await store.IngestAsync(empty));

        var back = new GraphBatch("k8s", T0.AddHours(2));
        back.Add(new PodFacts("prod", "default", "a") { Phase = "Running" });
        back.DeclareSnapshot(NodeKinds.Pod, "prod/");
        Assert.Equal(new IngestSummary(0, 1, 0, 0), await store.IngestAsync(back));

        var pod = await store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "prod/default/a"));
        Assert.Equal((T0, T0.AddHours(2), (DateTimeOffset?)null), (pod!.FirstSeen, pod.LastSeen, pod.EndedAt));
        Assert.Equal(("node-1", "Running"), (pod.Facts<PodFacts>().NodeName, pod.Facts<PodFacts>().Phase));

        // A late batch (observed before the first) widens the window backwards and leaves last_seen alone.
        var late = new GraphBatch("k8s", T0.AddHours(-1));
        late.Add(new PodFacts("prod", "default", "a"));
        await store.IngestAsync(late);
        pod = await store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "prod/default/a"));
        Assert.Equal((T0.AddHours(-1), T0.AddHours(2)), (pod!.FirstSeen, pod.LastSeen));
    }

    [Fact]
    public async Task A_batch_of_20000_nodes_and_40000_edges_over_a_stored_graph_is_stored_exactly()
    {
        const int Stored = 10_000;
        await using var store = await CreateStoreAsync(new ManualClock());
        var model = new GraphModel();

        // Images 0..9999, then a batch of images 5000..14999 (half merged into stored ones), 5,000 runs and
        // 5,000 packages (with aliases): 20,000 nodes. Each run builds four images by two methods (40,000 edges), some
        // of them only stored before; every 100th edge is given twice.
        var first = new GraphBatch("registry", T0);
        for (var i = 0; i < Stored; i++)
        {
            model.Add(first, new ImageFacts(BigDigest(i)) { Platform = "linux/amd64", Labels = new Dictionary<string, string> { ["n"] = Text(i) } });
        }

        await store.IngestAsync(first);

        var at = T0.AddHours(1);
        var second = new GraphBatch("ci", at);
        for (var i = Stored / 2; i < Stored * 3 / 2; i++)
        {
            model.Add(second, new ImageFacts(BigDigest(i)) { MediaType = "application/vnd.oci.image.manifest.v1+json", Labels = i % 2 == 0 ? null : new Dictionary<string, string>() });
        }

        for (var r = 0; r < Stored / 2; r++)
        {
            model.Add(second, new PipelineRunFacts("github-actions", "github.com/org/app", Text(r), 1));
            model.Add(second, new PackageFacts("Debian:12", $"lib{r}", "1.0-1") { SourceName = $"src{r / 10}" });
        }

        var edges = 0;
        for (var r = 0; r < Stored / 2; r++)
        {
            var run = new NodeRef(NodeKinds.PipelineRun, PipelineRunFacts.KeyOf("github-actions", "github.com/org/app", Text(r), 1));
            foreach (var target in new[] { r, Stored / 2 + r, Stored + r, Stored + (r + 1) % (Stored / 2) })
            {
                foreach (var method in new[] { EvidenceMethods.CiReport, EvidenceMethods.UnverifiedProvenance })
                {
                    var evidence = new Evidence("ci-report", method, 0.9, at.AddMinutes(-(edges % 7)), $"sha256:doc{edges % 13}");
                    model.Link(second, run, EdgeTypes.Built, new NodeRef(NodeKinds.Image, BigDigest(target)), evidence);
                    if (edges % 100 == 0)
                    {
                        model.Link(second, run, EdgeTypes.Built, new NodeRef(NodeKinds.Image, BigDigest(target)), evidence with { Confidence = 0.5, Document = null, ObservedAt = at.AddMinutes(-30) });
                    }

                    edges++;
                }
            }
        }

        Assert.Equal(20_000, second.Nodes.Count);
        Assert.Equal(40_000, edges);
        var summary = await store.IngestAsync(second);

        Assert.Equal(new IngestSummary(15_000, 5_000, 40_400, 0), summary);
        await model.AssertStoredAsync(store);
        Assert.Equal(10, (await store.FindNodesByAliasAsync(NodeKinds.Package, PackageFacts.SourceAlias("Debian:12", "src7"))).Count);
    }

    private static string Text(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static string BigDigest(int i) => "sha256:" + i.ToString("x64", CultureInfo.InvariantCulture);

    private static VulnerabilityMatchFacts Match(string advisory, string? fixedVersion) =>
        new("npm|lodash|4.17.11", "CVE-2019-10744") { AdvisoryId = advisory, MatchedOn = "lodash", Reason = "r", FixedVersion = fixedVersion };

    /// <summary>
    /// What the store should hold after the batches given to it, computed independently of any store: nodes merged as
    /// <see cref="GraphBatch"/> merges them (and windows widened), edges by (from, type, to, method) with the last evidence.
    /// </summary>
    private sealed class GraphModel
    {
        private readonly Dictionary<NodeRef, (NodeFacts Facts, DateTimeOffset First, DateTimeOffset Last)> _nodes = [];
        private readonly Dictionary<string, (Evidence Evidence, DateTimeOffset First, DateTimeOffset Last)> _edges = new(StringComparer.Ordinal);

        public void Add(GraphBatch batch, NodeFacts facts)
        {
            batch.Add(facts);
            var at = batch.ObservedAt;
            _nodes[facts.Ref] = _nodes.TryGetValue(facts.Ref, out var known)
                ? (FactsCodec.Decode(facts.Kind, facts.Key, FactsCodec.Merge(FactsCodec.Encode(known.Facts), FactsCodec.Encode(facts))), Min(known.First, at), Max(known.Last, at))
                : (facts, at, at);
        }

        public void Link(GraphBatch batch, NodeRef from, string type, NodeRef to, Evidence evidence)
        {
            batch.Link(from, type, to, evidence);
            var key = $"{from} -{type}/{evidence.Method}-> {to}";
            var at = evidence.ObservedAt;
            _edges[key] = _edges.TryGetValue(key, out var known)
                ? (evidence, Min(known.First, at), Max(known.Last, at))
                : (evidence, at, at);
        }

        public async Task AssertStoredAsync(IGraphStore store)
        {
            var stored = new Dictionary<long, StoredNode>();
            foreach (var kind in _nodes.Keys.Select(n => n.Kind).Distinct())
            {
                string? after = null;
                while (await store.ListNodesAsync(kind, after, 5_000) is { Count: > 0 } page)
                {
                    foreach (var node in page)
                    {
                        stored.Add(node.Id, node);
                    }

                    after = page[^1].Key;
                }
            }

            Assert.Equal(_nodes.Count, stored.Count);
            foreach (var node in stored.Values)
            {
                var (facts, first, last) = _nodes[node.Ref];
                // Compared re-encoded: the same facts, whatever order the merge left the JSON properties in.
                Assert.Equal(FactsCodec.Encode(facts), FactsCodec.Encode(FactsCodec.Decode(node.Kind, node.Key, node.PropertiesJson)));
                Assert.Equal((first, last, (DateTimeOffset?)null), (node.FirstSeen, node.LastSeen, node.EndedAt));
            }

            var edges = await store.GetEdgesAsync(stored.Keys, EdgeDirection.Outgoing);
            Assert.Equal(_edges.Count, edges.Count);
            foreach (var edge in edges)
            {
                var (evidence, first, last) = _edges[$"{stored[edge.FromId].Ref} -{edge.Type}/{edge.Method}-> {stored[edge.ToId].Ref}"];
                Assert.Equal(
                    (evidence.Collector, evidence.Confidence, evidence.Document, first, last),
                    (edge.Collector, edge.Confidence, edge.Document, edge.FirstSeen, edge.LastSeen));
            }
        }

        private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

        private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    }
}
