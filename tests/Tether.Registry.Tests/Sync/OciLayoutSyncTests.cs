using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Registry.Parse;
using Tether.Registry.Sync;
using Tether.Registry.Tests.Infrastructure;
using Tether.Testing;
using Xunit;

namespace Tether.Registry.Tests.Sync;

public sealed class OciLayoutSyncTests
{
    private static readonly ManualClock Clock = new();
    private static readonly string TestRepo = TestData.Shared("oci", "testrepo");

    [Fact]
    public async Task A_layout_tag_syncs_as_if_it_lived_at_the_given_registry_and_repository()
    {
        var result = await OciLayoutSync.SyncAsync(TestRepo, "ghcr.io", "regclient/testrepo", Clock, tags: ["v1"]);

        var tag = Assert.Single(result.Tags);
        Assert.Equal((TestRepoV1.Index, "ghcr.io", "regclient/testrepo"), (tag.Digest, result.Registry, result.Repository));
        Assert.Contains(result.Batch.Nodes, n => n is ImageReferenceFacts { Key: "ghcr.io/regclient/testrepo:v1" });
        var amd64 = Assert.Single(result.Batch.Nodes.OfType<ImageFacts>(), i => i.Digest == TestRepoV1.Amd64);
        Assert.Equal(["ghcr.io/regclient/testrepo"], amd64.Repositories);
        Assert.Equal(TestRepoV1.Amd64Config, amd64.ConfigDigest);
    }

    [Fact]
    public async Task Every_image_tag_of_the_layout_syncs_and_artifacts_are_skipped_with_a_reason()
    {
        var result = await OciLayoutSync.SyncAsync(TestRepo, "ghcr.io", "regclient/testrepo", Clock);

        Assert.Equal(["b1", "b2", "b3", "v1", "v2", "v3"], result.Tags.Select(t => t.Tag).Where(t => !t.StartsWith("sha256-", StringComparison.Ordinal)));
        Assert.All(result.Tags, t => Assert.True(t.IsIndex));
        // The referrers-fallback ".meta" tag is a real image index: a copy of v3.
        var meta = Assert.Single(result.Tags, t => t.Tag.StartsWith("sha256-", StringComparison.Ordinal));
        Assert.Equal(Assert.Single(result.Tags, t => t.Tag == "v3").Digest, meta.Digest);
        Assert.Equal(["linux/amd64", "linux/arm/v6", "linux/arm/v7", "linux/arm64"], result.Tags.SelectMany(t => t.Platforms).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(result.Skipped, s => s.Reference == "ghcr.io/regclient/testrepo:a1" && s.Reason == "an artifact, not an image (artifactType 'application/example.sbom').");
        Assert.Contains(result.Skipped, s => s.Reference == "ghcr.io/regclient/testrepo:ai" && s.Reason.StartsWith("an artifact index", StringComparison.Ordinal));
        Assert.Contains(result.Skipped, s => s.Reference == "ghcr.io/regclient/testrepo:a-docker" && s.Reason.Contains("no os/architecture", StringComparison.Ordinal));
        Assert.Contains(result.Skipped, s => s.Reference.StartsWith("ghcr.io/regclient/testrepo:sha256-dfae8f42", StringComparison.Ordinal) && s.Reason.Contains("no image manifests", StringComparison.Ordinal));
        Assert.All(result.Batch.Edges, e => Assert.Equal(RegistrySync.Collector, e.Evidence.Collector));
        // A layout holds the tags someone exported: it says nothing about the other tags of ghcr.io/regclient/testrepo.
        Assert.Empty(result.Batch.Snapshots);
    }

    [Fact]
    public async Task The_batch_does_not_depend_on_concurrency()
    {
        var one = await Sync(1);
        var eight = await Sync(8);

        Assert.Equal(one.Batch.Nodes.Select(FactsCodec.Encode), eight.Batch.Nodes.Select(FactsCodec.Encode));
        Assert.Equal(one.Batch.Edges, eight.Batch.Edges);

        static async Task<RepositorySyncResult> Sync(int concurrency)
        {
            using var sync = new RegistrySync(
                new Tether.Registry.Client.Layout.OciLayoutSource(TestRepo, "ghcr.io", "regclient/testrepo"),
                new RegistrySyncOptions { Concurrency = concurrency, Time = Clock });
            return await sync.SyncRepositoryAsync("regclient/testrepo", null, CancellationToken.None);
        }
    }

    [Theory]
    [InlineData("https://github.com/octocat/hello-world", "c27d339", EdgeTypes.SourcedFrom, "github.com/octocat/hello-world")]
    [InlineData("git@github.com:octocat/hello-world.git", "c27d339ee6075c1f744c5d4b200f7901aad2c369", EdgeTypes.BuiltFrom, "github.com/octocat/hello-world@c27d339ee6075c1f744c5d4b200f7901aad2c369")]
    [InlineData("https://github.com/octocat/hello-world", "main", EdgeTypes.SourcedFrom, "github.com/octocat/hello-world")]
    public async Task Oci_labels_link_the_image_to_a_commit_only_with_a_full_sha(string source, string revision, string edge, string target)
    {
        using var directory = new TempDirectory();
        var layout = new OciLayoutBuilder(directory.Path);
        var image = layout.Image(new Dictionary<string, string> { [OciLabelLinks.SourceLabel] = source, [OciLabelLinks.RevisionLabel] = revision });
        layout.Tag(MediaTypes.OciManifest, image, "latest");
        layout.Write();

        var result = await OciLayoutSync.SyncAsync(directory.Path, "registry.example.com", "team/app", Clock);

        var link = Assert.Single(result.Batch.Edges, e => e.Evidence.Method == EvidenceMethods.OciLabel && e.From.Kind == NodeKinds.Image);
        Assert.Equal((edge, target, OciLayoutBuilder.Sha(image)), (link.Type, link.To.Key, link.From.Key));
        Assert.Equal(OciLabelLinks.Confidence, link.Evidence.Confidence);
        // A single-manifest tag resolves straight to the platform image.
        var resolves = Assert.Single(result.Batch.Edges, e => e.Type == EdgeTypes.ResolvesTo);
        Assert.Equal(OciLayoutBuilder.Sha(image), resolves.To.Key);
        Assert.Equal("linux/amd64", Assert.Single(result.Batch.Nodes.OfType<ImageFacts>()).Platform);
    }

    [Fact]
    public async Task An_image_without_source_labels_gets_no_source_link()
    {
        using var directory = new TempDirectory();
        var layout = new OciLayoutBuilder(directory.Path);
        layout.Tag(MediaTypes.OciManifest, layout.Image(new Dictionary<string, string> { [OciLabelLinks.RevisionLabel] = "c27d339ee6075c1f744c5d4b200f7901aad2c369" }), "latest");
        layout.Write();

        var result = await OciLayoutSync.SyncAsync(directory.Path, "registry.example.com", "team/app", Clock);

        Assert.DoesNotContain(result.Batch.Edges, e => e.Evidence.Method == EvidenceMethods.OciLabel);
        Assert.Empty(result.SourceLinks);
    }

    [Fact]
    public async Task A_corrupted_layout_blob_is_refused()
    {
        using var directory = new TempDirectory();
        Skopeo.CopyLayout(TestRepo, directory.Path);
        var config = Path.Combine(directory.Path, "blobs", "sha256", TestRepoV1.Amd64Config["sha256:".Length..]);
        File.SetAttributes(config, FileAttributes.Normal);
        var bytes = await File.ReadAllBytesAsync(config);
        bytes[^2] ^= 1;
        await File.WriteAllBytesAsync(config, bytes);

        var error = await Assert.ThrowsAsync<RegistryException>(() => OciLayoutSync.SyncAsync(directory.Path, "ghcr.io", "regclient/testrepo", Clock, tags: ["v1"]));

        Assert.Equal(RegistryErrorKind.DigestMismatch, error.Kind);
        Assert.Contains(TestRepoV1.Amd64Config, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_that_is_not_a_layout_is_bad_input()
    {
        using var directory = new TempDirectory();

        var error = await Assert.ThrowsAsync<Tether.Core.Errors.InputException>(() => OciLayoutSync.SyncAsync(directory.Path, "ghcr.io", "x/y", Clock));

        Assert.Contains("is not an OCI image layout", error.Message, StringComparison.Ordinal);
    }
}
