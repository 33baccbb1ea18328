using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Registry.Client;
using Tether.Registry.Sync;
using Tether.Registry.Tests.Infrastructure;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Registry.Tests.Sync;

[Collection(RegistryCollection.Name)]
public sealed class RegistrySyncTests(RegistryServers servers)
{
    private static readonly ManualClock Clock = new();

    private async Task<RepositorySyncResult> SyncAsync(string registry, string repository, RegistrySyncOptions? options = null)
    {
        using var client = new RegistryClient(registry);
        using var sync = new RegistrySync(client, options ?? new RegistrySyncOptions { Time = Clock });
        return await sync.SyncRepositoryAsync(repository, null, CancellationToken.None);
    }

    private static T Node<T>(GraphBatch batch, string key) where T : NodeFacts =>
        Assert.Single(batch.Nodes.OfType<T>(), n => n.Key == key);

    [Fact]
    public async Task A_multi_arch_tag_becomes_a_reference_an_index_and_one_image_per_platform()
    {
        var result = await SyncAsync(servers.Anonymous, servers.TestRepo);
        var batch = result.Batch;
        var repositoryPath = $"{servers.Anonymous}/{servers.TestRepo}";

        var tag = Assert.Single(result.Tags);
        Assert.Equal(("v1", TestRepoV1.Index, true), (tag.Tag, tag.Digest, tag.IsIndex));
        Assert.Equal(["linux/amd64", "linux/arm64"], tag.Platforms);
        Assert.Equal(3, result.Images);

        var reference = Node<ImageReferenceFacts>(batch, $"{repositoryPath}:v1");
        Assert.Equal((servers.Anonymous, servers.TestRepo, "v1"), (reference.Registry, reference.Repository, reference.Tag));

        var index = Node<ImageFacts>(batch, TestRepoV1.Index);
        Assert.True(index.IsIndex);
        Assert.Equal(1262, index.Size);
        Assert.Equal("v1", index.Annotations!["org.example.version"]);
        Assert.Equal([repositoryPath], index.Repositories);

        var amd64 = Node<ImageFacts>(batch, TestRepoV1.Amd64);
        Assert.False(amd64.IsIndex);
        Assert.Equal("linux/amd64", amd64.Platform);
        Assert.Equal(TestRepoV1.Amd64Config, amd64.ConfigDigest);
        Assert.Equal(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), amd64.Created);
        Assert.Equal(new Dictionary<string, string> { ["arg_label"] = "arg_for_label", ["version"] = "1" }, amd64.Labels);
        Assert.Equal(8, amd64.History!.Count);
        Assert.Equal(new ImageHistoryEntry("COPY base-a.txt /base.txt # buildkit", false, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), "buildkit.dockerfile.v0"), amd64.History[0]);
        Assert.Equal(2, amd64.History.Count(h => !h.EmptyLayer));
        Assert.Equal(["sha256:d619c4d83d9147229dc5eb5b2c4c8554bb7843e7ccf0f5c8685283f47bba0475", "sha256:3a904016e626ab65cf5b0924b39c1a8d20ea027715c2df5ad120601ed8437678"], amd64.DiffIds);
        Assert.Equal(new ImageLayer("sha256:ac4ae1712ec852391e6aae58abf8ff4665df9ae87c71d1e81aa421508a7b831d", 106, "application/vnd.oci.image.layer.v1.tar+gzip"), amd64.Layers![0]);
        Assert.Equal("linux/arm64", Node<ImageFacts>(batch, TestRepoV1.Arm64).Platform);

        // BuildKit's "builder" entries (unknown/unknown) are not images.
        Assert.DoesNotContain(batch.Nodes, n => n.Key is TestRepoV1.BuilderForAmd64 or TestRepoV1.BuilderForArm64);
        Assert.Contains(result.Skipped, s => s.Reference.EndsWith(TestRepoV1.BuilderForAmd64, StringComparison.Ordinal) && s.Reason.Contains("'builder'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_edge_carries_registry_manifest_evidence_with_the_manifest_digest()
    {
        var result = await SyncAsync(servers.Anonymous, servers.TestRepo);
        var edges = result.Batch.Edges;

        var resolves = Assert.Single(edges, e => e.Type == EdgeTypes.ResolvesTo);
        Assert.Equal(new NodeRef(NodeKinds.Image, TestRepoV1.Index), resolves.To);
        Assert.Equal(new Evidence(RegistrySync.Collector, EvidenceMethods.RegistryManifest, 1.0, Clock.GetUtcNow(), TestRepoV1.Index), resolves.Evidence);
        Assert.Equal(
            [TestRepoV1.Amd64, TestRepoV1.Arm64],
            edges.Where(e => e.Type == EdgeTypes.HasManifest && e.From.Key == TestRepoV1.Index).Select(e => e.To.Key).Order(StringComparer.Ordinal));
        Assert.All(edges, e => Assert.Equal(TestRepoV1.Index, e.Evidence.Document));
    }

    [Fact]
    public async Task The_batch_stores_atomically_and_a_repeat_sync_creates_nothing_new()
    {
        using var directory = new TempDirectory();
        await using var store = await SqliteGraphStore.OpenAsync(directory.File("tether.db"), Clock);

        var first = await store.IngestAsync((await SyncAsync(servers.Anonymous, servers.TestRepo)).Batch);
        var second = await store.IngestAsync((await SyncAsync(servers.Anonymous, servers.TestRepo)).Batch);
        var counts = await store.CountAsync();

        Assert.Equal(4, first.NodesCreated);
        Assert.Equal(3, first.EdgesStored);
        Assert.Equal(0, second.NodesCreated);
        Assert.Equal(3, counts.NodesByKind[NodeKinds.Image]);
        Assert.Equal(1, counts.NodesByKind[NodeKinds.ImageReference]);
        var stored = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, TestRepoV1.Amd64));
        Assert.Equal("linux/amd64", stored!.Facts<ImageFacts>().Platform);
    }

    [Fact]
    public async Task Requested_tags_are_fetched_directly_and_an_unknown_one_fails_the_repository()
    {
        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            SyncAsync(servers.Anonymous, servers.TestRepo, new RegistrySyncOptions { Tags = ["v1", "v9"], Time = Clock }));

        Assert.Equal(RegistryErrorKind.NotFound, error.Kind);
        Assert.Equal("v9", error.Reference);
    }

    [Fact]
    public async Task A_basic_auth_registry_syncs_with_credentials()
    {
        using var client = new RegistryClient(servers.Basic, new RegistryClientOptions
        {
            Credentials = new Tether.Registry.Client.Auth.StaticCredentialProvider(new(servers.User, servers.BasicPassword)),
        });
        using var sync = new RegistrySync(client, new RegistrySyncOptions { Time = Clock });

        var result = await sync.SyncRepositoryAsync(servers.TestRepo, null, CancellationToken.None);

        Assert.Equal(TestRepoV1.Index, Assert.Single(result.Tags).Digest);
        Assert.Contains(result.Batch.Nodes, n => n.Key == $"{servers.Basic}/{servers.TestRepo}:v1");
    }

    [Fact]
    public async Task Buildkit_attestations_become_attestation_facts_and_provenance_is_handed_to_the_reader()
    {
        using var directory = new TempDirectory();
        var layout = new OciLayoutBuilder(directory.Path);
        var image = layout.Image(new Dictionary<string, string>
        {
            ["org.opencontainers.image.source"] = "https://github.com/octocat/hello-world.git",
            ["org.opencontainers.image.revision"] = "C27D339EE6075C1F744C5D4B200F7901AAD2C369",
        });
        var imageDigest = OciLayoutBuilder.Sha(image);
        var statement = OciLayoutBuilder.ProvenanceFor(imageDigest);
        var attestation = layout.AttestationManifest(statement, "https://slsa.dev/provenance/v1");
        var index = layout.Index(image, attestation);
        layout.Tag(Tether.Registry.Parse.MediaTypes.OciIndex, index, "v1");
        layout.Write();
        var repository = RegistryServers.Unique("attested/app");
        await Skopeo.CopyAsync(directory.Path, "v1", $"{servers.Anonymous}/{repository}:v1");
        var reader = new RecordingProvenanceReader();

        var result = await SyncAsync(servers.Anonymous, repository, new RegistrySyncOptions { Time = Clock, Provenance = reader });
        var batch = result.Batch;

        var statementDigest = OciLayoutBuilder.Sha(statement);
        var facts = Node<AttestationFacts>(batch, statementDigest);
        Assert.Equal(("in-toto-statement", "https://in-toto.io/Statement/v1", "https://slsa.dev/provenance/v1"), (facts.Format, facts.StatementType, facts.PredicateType));
        var attests = Assert.Single(batch.Edges, e => e.Type == EdgeTypes.Attests);
        Assert.Equal((new NodeRef(NodeKinds.Attestation, statementDigest), new NodeRef(NodeKinds.Image, imageDigest)), (attests.From, attests.To));
        Assert.Equal(OciLayoutBuilder.Sha(attestation), attests.Evidence.Document);

        var call = Assert.Single(reader.Calls);
        Assert.Equal(statement, call.Document);
        Assert.Equal($"{servers.Anonymous}/{repository}@{statementDigest}", call.Source);
        Assert.Single(batch.Nodes.OfType<PipelineRunFacts>());

        // The attestation manifest is not an image.
        Assert.Equal(new[] { OciLayoutBuilder.Sha(index), imageDigest }.Order(StringComparer.Ordinal), batch.Nodes.OfType<ImageFacts>().Select(i => i.Digest).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(batch.Nodes, n => n.Key == OciLayoutBuilder.Sha(attestation));
        Assert.Equal(1, result.Attestations);

        // Labels: image -built_from-> commit -in_repository-> repository, at the label confidence.
        const string Commit = "github.com/octocat/hello-world@c27d339ee6075c1f744c5d4b200f7901aad2c369";
        Assert.Equal([Commit], result.SourceLinks);
        var builtFrom = Assert.Single(batch.Edges, e => e.Type == EdgeTypes.BuiltFrom);
        Assert.Equal((imageDigest, Commit), (builtFrom.From.Key, builtFrom.To.Key));
        Assert.Equal((EvidenceMethods.OciLabel, 0.7, imageDigest), (builtFrom.Evidence.Method, builtFrom.Evidence.Confidence, builtFrom.Evidence.Document));
        var inRepository = Assert.Single(batch.Edges, e => e.Type == EdgeTypes.InRepository);
        Assert.Equal((Commit, "github.com/octocat/hello-world"), (inRepository.From.Key, inRepository.To.Key));
        Assert.Equal("https://github.com/octocat/hello-world", Node<SourceRepositoryFacts>(batch, "github.com/octocat/hello-world").WebUrl);

        using var storeDirectory = new TempDirectory();
        await using var store = await SqliteGraphStore.OpenAsync(storeDirectory.File("tether.db"), Clock);
        var summary = await store.IngestAsync(batch);
        Assert.Equal(batch.Edges.Count, summary.EdgesStored);
    }

    [Fact]
    public async Task A_repeat_sync_does_not_refetch_stored_digests_and_adds_the_new_repository()
    {
        var second = RegistryServers.Unique("copy/testrepo");
        await Skopeo.CopyAsync(servers.TestRepoLayout, "v1", $"{servers.Anonymous}/{second}:v1");
        await using var proxy = await RegistryProxy.StartAsync(servers.Anonymous);
        using var directory = new TempDirectory();
        await using var store = await SqliteGraphStore.OpenAsync(directory.File("tether.db"), Clock);
        var options = new RegistrySyncOptions { Time = Clock, Known = new StoredImages(store) };

        async Task<(RepositorySyncResult Result, int Requests)> SyncThroughProxyAsync(string repository)
        {
            var before = proxy.Requests;
            using var client = new RegistryClient(proxy.Host);
            using var sync = new RegistrySync(client, options);
            var result = await sync.SyncRepositoryAsync(repository, null, CancellationToken.None);
            await store.IngestAsync(result.Batch);
            return (result, proxy.Requests - before);
        }

        var (first, firstRequests) = await SyncThroughProxyAsync(servers.TestRepo);
        var (again, againRequests) = await SyncThroughProxyAsync(servers.TestRepo);
        var (other, _) = await SyncThroughProxyAsync(second);

        Assert.False(Assert.Single(first.Tags).AlreadyStored);
        var repeated = Assert.Single(again.Tags);
        Assert.True(repeated.AlreadyStored);
        Assert.Equal((TestRepoV1.Index, true), (repeated.Digest, repeated.IsIndex));
        Assert.Equal(["linux/amd64", "linux/arm64"], repeated.Platforms.Order(StringComparer.Ordinal));
        Assert.Equal(3, againRequests); // ping, tags/list, the tag's manifest
        Assert.Equal(7, firstRequests); // ping, tags/list, index, two platform manifests, two configs
        Assert.True(Assert.Single(other.Tags).AlreadyStored);

        var amd64 = (await store.FindNodeAsync(new NodeRef(NodeKinds.Image, TestRepoV1.Amd64)))!.Facts<ImageFacts>();
        Assert.Equal([$"{proxy.Host}/{servers.TestRepo}", $"{proxy.Host}/{second}"], amd64.Repositories);
        Assert.Equal(TestRepoV1.Amd64Config, amd64.ConfigDigest);
        Assert.NotNull(await store.FindNodeAsync(new NodeRef(NodeKinds.ImageReference, $"{proxy.Host}/{second}:v1")));
    }

    [Fact]
    public async Task A_tag_deleted_from_the_registry_ends_at_the_next_full_sync_and_other_repositories_stay()
    {
        var repository = RegistryServers.Unique("deleted/app");
        var sub = repository + "/sub";
        await Task.WhenAll(
            Skopeo.CopyAsync(servers.TestRepoLayout, "v1", $"{servers.Anonymous}/{repository}:v1"),
            Skopeo.CopyAsync(servers.TestRepoLayout, "v2", $"{servers.Anonymous}/{repository}:v2"),
            Skopeo.CopyAsync(servers.TestRepoLayout, "v2", $"{servers.Anonymous}/{sub}:v2"));
        var clock = new ManualClock();
        using var directory = new TempDirectory();
        await using var store = await SqliteGraphStore.OpenAsync(directory.File("tether.db"), clock);
        var options = new RegistrySyncOptions { Time = clock };
        await store.IngestAsync((await SyncAsync(servers.Anonymous, repository, options)).Batch);
        await store.IngestAsync((await SyncAsync(servers.Anonymous, sub, options)).Batch);

        // The registry has deletes enabled: removing v2's manifest removes the tag.
        await ProcessRunner.RunAsync("skopeo", ["delete", "--tls-verify=false", $"docker://{servers.Anonymous}/{repository}:v2"]);
        clock.Advance(TimeSpan.FromHours(1));
        var again = await SyncAsync(servers.Anonymous, repository, options);
        await store.IngestAsync(again.Batch);

        Assert.Equal(["v1"], again.Tags.Select(t => t.Tag));
        var deleted = await store.FindNodeAsync(new NodeRef(NodeKinds.ImageReference, $"{servers.Anonymous}/{repository}:v2"));
        Assert.Equal(clock.GetUtcNow(), deleted!.EndedAt);
        Assert.True((await store.FindNodeAsync(new NodeRef(NodeKinds.ImageReference, $"{servers.Anonymous}/{repository}:v1")))!.IsCurrent);
        Assert.True((await store.FindNodeAsync(new NodeRef(NodeKinds.ImageReference, $"{servers.Anonymous}/{sub}:v2")))!.IsCurrent);
    }

    [Fact]
    public async Task Only_a_sync_of_every_tag_declares_the_repository_tags_complete()
    {
        var all = await SyncAsync(servers.Anonymous, servers.TestRepo);
        var requested = await SyncAsync(servers.Anonymous, servers.TestRepo, new RegistrySyncOptions { Tags = ["v1"], Time = Clock });
        var unlisted = await SyncAsync(servers.Anonymous, servers.TestRepo, new RegistrySyncOptions { Time = Clock, EndUnlistedTags = false });

        Assert.Equal([new SnapshotScope(NodeKinds.ImageReference, $"{servers.Anonymous}/{servers.TestRepo}:")], all.Batch.Snapshots);
        Assert.Empty(requested.Batch.Snapshots);
        Assert.Empty(unlisted.Batch.Snapshots);
    }
}
