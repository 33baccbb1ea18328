using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Testing;
using Xunit;

namespace Tether.Storage.Conformance;

/// <summary>
/// What every <see cref="IGraphStore"/> backend must do. A backend's test project derives from this
/// class and supplies a fresh, empty store; the same assertions then hold for SQLite and PostgreSQL.
/// </summary>
public abstract partial class GraphStoreConformanceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);
    private static readonly string DigestA = "sha256:" + new string('a', 64);
    private static readonly string DigestB = "sha256:" + new string('b', 64);

    /// <summary>A new, empty, initialized store.</summary>
    protected abstract Task<IGraphStore> CreateStoreAsync(TimeProvider time);

    [Fact]
    public async Task Initialize_is_idempotent()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        await store.InitializeAsync();
        await store.InitializeAsync();
        var counts = await store.CountAsync();
        Assert.Empty(counts.NodesByKind);
        Assert.Equal(0, counts.Edges);
    }

    [Fact]
    public async Task Facts_round_trip_with_identity_and_observation_window()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var batch = new GraphBatch("test", T0);
        var image = batch.Add(new ImageFacts(DigestA)
        {
            MediaType = "application/vnd.oci.image.manifest.v1+json",
            Platform = "linux/amd64",
            Labels = new Dictionary<string, string> { ["org.opencontainers.image.revision"] = "abc" },
            DiffIds = ["sha256:" + new string('1', 64)],
        });
        await store.IngestAsync(batch);

        var stored = await store.FindNodeAsync(image.Ref);
        Assert.NotNull(stored);
        var facts = stored.Facts<ImageFacts>();
        Assert.Equal(DigestA, facts.Digest);
        Assert.Equal("linux/amd64", facts.Platform);
        Assert.Equal("abc", facts.Labels!["org.opencontainers.image.revision"]);
        Assert.Single(facts.DiffIds!);
        Assert.Equal(T0, stored.FirstSeen);
        Assert.Equal(T0, stored.LastSeen);
        Assert.True(stored.IsCurrent);
        Assert.Null(await store.FindNodeAsync(new NodeRef(NodeKinds.Image, DigestB)));
    }

    [Fact]
    public async Task Reingest_merges_properties_and_widens_the_window()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var first = new GraphBatch("registry", T0);
        first.Add(new ImageFacts(DigestA) { Platform = "linux/amd64", Labels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } });
        await store.IngestAsync(first);

        // A collector that knows less (only the digest and a new label set) must not erase what it did not observe.
        var second = new GraphBatch("kubernetes", T0.AddHours(1));
        second.Add(new ImageFacts(DigestA) { Labels = new Dictionary<string, string> { ["c"] = "3" } });
        var summary = await store.IngestAsync(second);

        Assert.Equal(0, summary.NodesCreated);
        Assert.Equal(1, summary.NodesUpdated);
        var stored = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, DigestA));
        var facts = stored!.Facts<ImageFacts>();
        Assert.Equal("linux/amd64", facts.Platform);
        Assert.Equal(new Dictionary<string, string> { ["c"] = "3" }, facts.Labels);
        Assert.Equal(T0, stored.FirstSeen);
        Assert.Equal(T0.AddHours(1), stored.LastSeen);
    }

    [Fact]
    public async Task Edges_carry_their_evidence_and_each_method_is_a_separate_edge()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var batch = new GraphBatch("ci", T0);
        var run = batch.Add(new PipelineRunFacts("github-actions", "github.com/org/app", "42", 1));
        var image = batch.Add(new ImageFacts(DigestA));
        batch.Link(run, EdgeTypes.Built, image, new Evidence("ci-report", EvidenceMethods.CiReport, 0.9, T0, "sha256:doc1"));
        batch.Link(run, EdgeTypes.Built, image, new Evidence("provenance", EvidenceMethods.UnverifiedProvenance, 0.8, T0, "sha256:doc2"));
        await store.IngestAsync(batch);

        // The same observation later only moves last_seen.
        var again = new GraphBatch("ci", T0.AddDays(1));
        again.Link(run.Ref, EdgeTypes.Built, image.Ref, new Evidence("ci-report", EvidenceMethods.CiReport, 0.9, T0.AddDays(1), "sha256:doc3"));
        await store.IngestAsync(again);

        var runNode = await store.FindNodeAsync(run.Ref);
        var imageNode = await store.FindNodeAsync(image.Ref);
        var edges = await store.GetEdgesAsync([runNode!.Id], EdgeDirection.Outgoing, [EdgeTypes.Built]);
        Assert.Equal(2, edges.Count);
        var ci = Assert.Single(edges, e => e.Method == EvidenceMethods.CiReport);
        Assert.Equal(imageNode!.Id, ci.ToId);
        Assert.Equal("sha256:doc3", ci.Document);
        Assert.Equal(0.9, ci.Confidence);
        Assert.Equal(T0, ci.FirstSeen);
        Assert.Equal(T0.AddDays(1), ci.LastSeen);
        var incoming = await store.GetEdgesAsync([imageNode.Id], EdgeDirection.Incoming);
        Assert.Equal(2, incoming.Count);
        Assert.Empty(await store.GetEdgesAsync([imageNode.Id], EdgeDirection.Outgoing));
    }

    [Fact]
    public async Task Nodes_are_listed_in_key_pages_and_found_by_many_keys_or_aliases_at_once()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var batch = new GraphBatch("sbom", T0);
        // More than one statement's worth of keys, so chunking is exercised.
        for (var i = 0; i < 1_203; i++)
        {
            batch.Add(new PackageFacts("npm", $"pkg{i:D5}", "1.0.0"));
        }

        batch.Add(new PackageFacts("Debian:12", "libssl3", "3.0.11-1~deb12u2") { SourceName = "openssl" });
        batch.Add(new PackageFacts("Debian:12", "openssl", "3.0.11-1~deb12u2"));
        batch.Add(new PackageFacts("PyPI", "pillow", "10.0.0"));
        await store.IngestAsync(batch);

        var keys = new List<string>();
        string? after = null;
        while (await store.ListNodesAsync(NodeKinds.Package, after, 500) is { Count: > 0 } page)
        {
            Assert.True(page.Count <= 500);
            keys.AddRange(page.Select(n => n.Key));
            after = page[^1].Key;
        }

        Assert.Equal(1_206, keys.Count);
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Empty(await store.ListNodesAsync(NodeKinds.Image, null, 10));

        var wanted = Enumerable.Range(0, 1_203).Where(i => i % 2 == 0).Select(i => $"npm|pkg{i:D5}|1.0.0").Append("npm|absent|1.0.0").ToList();
        var found = await store.FindNodesByKeysAsync(NodeKinds.Package, wanted);
        Assert.Equal(602, found.Count);
        Assert.Equal(wanted.SkipLast(1).Order(StringComparer.Ordinal), found.Select(n => n.Key).Order(StringComparer.Ordinal));

        // One source alias finds every binary built from it; a folded name alias finds the package whatever the case.
        var bySource = await store.FindNodesByAliasesAsync(NodeKinds.Package, [PackageFacts.SourceAlias("Debian:12", "openssl"), PackageFacts.NameAlias("PyPI", "Pillow")]);
        Assert.Equal(["Debian:12|libssl3|3.0.11-1~deb12u2", "Debian:12|openssl|3.0.11-1~deb12u2", "PyPI|pillow|10.0.0"], bySource.Select(n => n.Key).Order(StringComparer.Ordinal));
        Assert.Empty(await store.FindNodesByAliasesAsync(NodeKinds.Image, [PackageFacts.SourceAlias("Debian:12", "openssl")]));
    }

    [Fact]
    public async Task Ending_a_node_keeps_it_with_its_window_and_a_later_observation_reopens_it()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var first = new GraphBatch("matcher", T0);
        var match = first.Add(new VulnerabilityMatchFacts("npm|lodash|4.17.11", "CVE-2019-10744")
        {
            AdvisoryId = "GHSA-jf85-cpcp-j695", MatchedOn = "lodash", Reason = "r", FixedVersion = "4.17.12",
        });
        await store.IngestAsync(first);

        var end = new GraphBatch("matcher", T0.AddHours(1));
        end.End(match.Ref);
        end.End(new NodeRef(NodeKinds.VulnerabilityMatch, "absent"));
        Assert.Equal(1, (await store.IngestAsync(end)).NodesEnded);
        var ended = await store.FindNodeAsync(match.Ref);
        Assert.Equal(T0.AddHours(1), ended!.EndedAt);
        Assert.Equal(T0, ended.FirstSeen);

        // Ending again changes nothing: the first end time stands.
        var again = new GraphBatch("matcher", T0.AddHours(2));
        again.End(match.Ref);
        Assert.Equal(0, (await store.IngestAsync(again)).NodesEnded);

        // Facts that replace what is stored (a match decided anew) drop a fixed version no longer given.
        var reopen = new GraphBatch("matcher", T0.AddHours(3));
        reopen.Add(match with { FixedVersion = null, Reason = "listed" });
        await store.IngestAsync(reopen);
        var reopened = await store.FindNodeAsync(match.Ref);
        Assert.True(reopened!.IsCurrent);
        Assert.Null(reopened.Facts<VulnerabilityMatchFacts>().FixedVersion);
        Assert.Equal("listed", reopened.Facts<VulnerabilityMatchFacts>().Reason);
        Assert.Equal(T0, reopened.FirstSeen);
    }

    [Fact]
    public async Task A_failing_batch_leaves_the_store_as_it_was()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var good = new GraphBatch("test", T0);
        good.Add(new ImageFacts(DigestA) { Platform = "linux/amd64" });
        await store.IngestAsync(good);
        var before = await store.CountAsync();

        var bad = new GraphBatch("test", T0.AddHours(1));
        for (var i = 0; i < 200; i++)
        {
            bad.Add(new PodFacts("c1", "ns", $"pod-{i}"));
        }

        bad.Add(new ImageFacts(DigestA) { Platform = "linux/arm64" });
        bad.Link(new NodeRef(NodeKinds.Pod, "c1/ns/pod-0"), EdgeTypes.OwnedBy, new NodeRef(NodeKinds.Workload, "missing"), Evidence());

        var error = await Assert.ThrowsAsync<StoreException>(() => store.IngestAsync(bad));
        Assert.Contains("workload:missing", error.Message, StringComparison.Ordinal);
        var after = await store.CountAsync();
        Assert.Equal(before.NodesByKind, after.NodesByKind);
        Assert.Equal(before.Edges, after.Edges);
        var image = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, DigestA));
        Assert.Equal("linux/amd64", image!.Facts<ImageFacts>().Platform);
    }

    [Fact]
    public async Task A_batch_interrupted_midway_stores_nothing()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        using var interrupt = new CancellationTokenSource();
        var batch = new GraphBatch("test", T0);
        for (var i = 0; i < 500; i++)
        {
            batch.Add(new PodFacts("c1", "ns", $"pod-{i}"));
        }

        // The 300th node stops the ingest as a crash would, after 299 rows were written in the transaction.
        batch.Add(new InterruptingFacts(interrupt));
        for (var i = 500; i < 600; i++)
        {
            batch.Add(new PodFacts("c1", "ns", $"pod-{i}"));
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.IngestAsync(batch, interrupt.Token));
        var counts = await store.CountAsync();
        Assert.Empty(counts.NodesByKind);
    }

    [Fact]
    public async Task A_snapshot_ends_missing_nodes_in_its_scope_only_and_revives_returning_ones()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var first = new GraphBatch("k8s", T0);
        first.Add(new PodFacts("prod", "default", "a"));
        first.Add(new PodFacts("prod", "default", "b"));
        first.Add(new PodFacts("prod-eu", "default", "c"));
        first.DeclareSnapshot(NodeKinds.Pod, "prod/");
        await store.IngestAsync(first);

        var second = new GraphBatch("k8s", T0.AddMinutes(5));
        second.Add(new PodFacts("prod", "default", "a"));
        second.DeclareSnapshot(NodeKinds.Pod, "prod/");
        var summary = await store.IngestAsync(second);

        Assert.Equal(1, summary.NodesEnded);
        var b = await store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "prod/default/b"));
        Assert.Equal(T0.AddMinutes(5), b!.EndedAt);
        Assert.True((await store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "prod/default/a")))!.IsCurrent);
        // "prod-eu/" starts with "prod" but not with "prod/": another cluster, untouched.
        Assert.True((await store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "prod-eu/default/c")))!.IsCurrent);

        var third = new GraphBatch("k8s", T0.AddMinutes(10));
        third.Add(new PodFacts("prod", "default", "b"));
        await store.IngestAsync(third);
        Assert.True((await store.FindNodeAsync(new NodeRef(NodeKinds.Pod, "prod/default/b")))!.IsCurrent);
    }

    [Fact]
    public async Task Nodes_are_found_by_alias_and_by_key_prefix_with_wildcard_characters_taken_literally()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var batch = new GraphBatch("test", T0);
        batch.Add(new VulnerabilityFacts("CVE-2024-0001") { AliasIds = ["GHSA-xxxx-yyyy-zzzz", "DSA-1234-1"] });
        batch.Add(new PodFacts("c_1", "ns", "p"));
        batch.Add(new PodFacts("cx1", "ns", "p"));
        batch.Add(new PodFacts("c%1", "ns", "p"));
        await store.IngestAsync(batch);

        var byAlias = await store.FindNodesByAliasAsync(NodeKinds.Vulnerability, "GHSA-xxxx-yyyy-zzzz");
        Assert.Equal("CVE-2024-0001", Assert.Single(byAlias).Key);
        Assert.Empty(await store.FindNodesByAliasAsync(NodeKinds.Pod, "GHSA-xxxx-yyyy-zzzz"));

        Assert.Equal("c_1/ns/p", Assert.Single(await store.FindNodesByKeyPrefixAsync(NodeKinds.Pod, "c_1/", 10)).Key);
        Assert.Equal("c%1/ns/p", Assert.Single(await store.FindNodesByKeyPrefixAsync(NodeKinds.Pod, "c%", 10)).Key);
        Assert.Equal(3, (await store.FindNodesByKeyPrefixAsync(NodeKinds.Pod, "c", 10)).Count);
        Assert.Equal(2, (await store.FindNodesByKeyPrefixAsync(NodeKinds.Pod, "c", 2)).Count);
    }

    [Fact]
    public async Task Edges_may_point_at_nodes_stored_by_an_earlier_batch()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var registry = new GraphBatch("registry", T0);
        registry.Add(new ImageFacts(DigestA) { Platform = "linux/amd64" });
        await store.IngestAsync(registry);

        var runtime = new GraphBatch("k8s", T0.AddHours(1));
        var container = runtime.Add(new ContainerFacts("c", "ns", "p", "app"));
        runtime.Link(container.Ref, EdgeTypes.RunsImage, new NodeRef(NodeKinds.Image, DigestA), Evidence());
        await store.IngestAsync(runtime);

        var image = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, DigestA));
        var edge = Assert.Single(await store.GetEdgesAsync([image!.Id], EdgeDirection.Incoming, [EdgeTypes.RunsImage]));
        var from = Assert.Single(await store.GetNodesAsync([edge.FromId]));
        Assert.Equal("c/ns/p/app", from.Key);
    }

    [Fact]
    public async Task Set_reads_span_more_ids_than_one_statement_takes()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var batch = new GraphBatch("k8s", T0);
        var image = batch.Add(new ImageFacts(DigestA));
        for (var i = 0; i < 1_300; i++)
        {
            var container = batch.Add(new ContainerFacts("c", "ns", $"p{i}", "app"));
            batch.Link(container, EdgeTypes.RunsImage, image, Evidence());
        }

        var summary = await store.IngestAsync(batch);
        Assert.Equal(1_301, summary.NodesCreated);
        Assert.Equal(1_300, summary.EdgesStored);

        var imageNode = await store.FindNodeAsync(image.Ref);
        var edges = await store.GetEdgesAsync([imageNode!.Id], EdgeDirection.Incoming, [EdgeTypes.RunsImage, EdgeTypes.HasFinding]);
        Assert.Equal(1_300, edges.Count);
        var containers = await store.GetNodesAsync(edges.Select(e => e.FromId).ToList());
        Assert.Equal(1_300, containers.Count);
        var back = await store.GetEdgesAsync(containers.Select(c => c.Id).ToList(), EdgeDirection.Outgoing);
        Assert.Equal(1_300, back.Count);
        Assert.Empty(await store.GetEdgesAsync(containers.Select(c => c.Id).ToList(), EdgeDirection.Outgoing, [EdgeTypes.Built]));
    }

    private static Evidence Evidence() => new("test", EvidenceMethods.KubernetesApi, 1.0, T0);

    /// <summary>Cancels the ingest when the store reads it, standing in for a crash mid-batch.</summary>
    private sealed record InterruptingFacts([property: System.Text.Json.Serialization.JsonIgnore] CancellationTokenSource Interrupt) : NodeFacts
    {
        public override string Kind => NodeKinds.Pod;
        public override string Key => "c1/ns/interrupt";

        public override IEnumerable<string> Aliases
        {
            get
            {
                Interrupt.Cancel();
                return [];
            }
        }
    }
}
