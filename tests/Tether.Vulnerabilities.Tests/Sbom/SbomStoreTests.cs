using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Tether.Vulnerabilities.Sbom;
using Tether.Vulnerabilities.Sbom.Normalize;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Sbom;

/// <summary>SBOMs stored in a real SQLite store and read back: images, layers and packages with their evidence.</summary>
public sealed class SbomStoreTests : IDisposable
{
    private const string BaseLayer = "sha256:994393dc58e7931862558d06e46aa2bb17487044f670f310dffe1d24e4d1eec7";
    private const string AlpineImage = "sha256:cbaa390ec61abd889dfa5146a411c11717c19ef9e5e18458dbdc06439076ffe7";
    private const string AppImage = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string AppLayer = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task A_Trivy_SBOM_round_trips_with_its_layer_packages_and_evidence()
    {
        var bytes = SbomFixtures.Read(SbomFixtures.TrivyCycloneDxFile);
        var import = Sboms.Import([new SbomFile(SbomFixtures.TrivyCycloneDxFile, bytes)], SbomFixtures.DeclaredDigest, _clock.GetUtcNow());

        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("tether.db"), _clock);
        await store.IngestAsync(import.Batch);

        var image = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, SbomFixtures.DeclaredDigest));
        var layers = await store.GetEdgesAsync([image!.Id], EdgeDirection.Outgoing, [EdgeTypes.HasLayer]);
        var layer = Assert.Single(await store.GetNodesAsync([Assert.Single(layers).ToId]));
        Assert.Equal("sha256:89169d87dbe2b72ba42bfbb3579c957322baca28e03a1e558076542a1c1b2b4a", layer.Key);

        var contains = await store.GetEdgesAsync([layer.Id], EdgeDirection.Outgoing, [EdgeTypes.ContainsPackage]);
        var packages = (await store.GetNodesAsync([.. contains.Select(e => e.ToId)])).Select(n => n.Facts<PackageFacts>()).OrderBy(p => p.Name).ToList();
        Assert.Equal(SbomFixtures.CycloneDxPackageCount(bytes), packages.Count);
        var openssl = packages[1];
        Assert.Equal(("CentOS:7", "openssl-libs", "1:1.0.2k-16.el7", "rpm", "openssl", "1:1.0.2k-16.el7"),
            (openssl.Ecosystem, openssl.Name, openssl.Version, openssl.Type, openssl.SourceName, openssl.SourceVersion));
        Assert.Equal("pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810", openssl.Purl);
        Assert.Equal(["OpenSSL+"], openssl.Licenses!);

        Assert.All(layers.Concat(contains), e =>
        {
            Assert.Equal((SbomNormalizer.Collector, EvidenceMethods.ScannerReport, SbomFixtures.Sha256(bytes)), (e.Collector, e.Method, e.Document));
            Assert.Equal(_clock.GetUtcNow(), e.FirstSeen);
        });
        Assert.Equal(0.7, Assert.Single(layers).Confidence); // declared by --image
        Assert.All(contains, e => Assert.Equal(SbomNormalizer.LayerByPackageDatabaseDiff, e.Confidence));
    }

    [Fact]
    public async Task Two_images_sharing_a_base_layer_share_its_layer_and_package_nodes()
    {
        var alpine = SbomFixtures.Read(SbomFixtures.SyftCycloneDxFile);
        var app = AppOnAlpine();
        var baseCount = SbomFixtures.CycloneDxPackageCount(alpine);

        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("tether.db"), _clock);
        await store.IngestAsync(Sboms.Import([new SbomFile("alpine.json", alpine)], null, _clock.GetUtcNow()).Batch);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await store.IngestAsync(Sboms.Import([new SbomFile("app.json", app)], null, _clock.GetUtcNow()).Batch);

        var counts = await store.CountAsync();
        Assert.Equal(2, counts.NodesByKind[NodeKinds.Image]);
        Assert.Equal(2, counts.NodesByKind[NodeKinds.Layer]);
        Assert.Equal(baseCount + 1, counts.NodesByKind[NodeKinds.Package]);

        var baseLayer = await store.FindNodeAsync(new NodeRef(NodeKinds.Layer, BaseLayer));
        var imagesWithBase = await store.GetEdgesAsync([baseLayer!.Id], EdgeDirection.Incoming, [EdgeTypes.HasLayer]);
        var images = await store.GetNodesAsync([.. imagesWithBase.Select(e => e.FromId)]);
        Assert.Equal([AppImage, AlpineImage], images.Select(i => i.Key).Order(StringComparer.Ordinal));
        Assert.Equal(baseCount, (await store.GetEdgesAsync([baseLayer.Id], EdgeDirection.Outgoing, [EdgeTypes.ContainsPackage])).Count);

        var appImage = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, AppImage));
        var appLayers = await store.GetEdgesAsync([appImage!.Id], EdgeDirection.Outgoing, [EdgeTypes.HasLayer]);
        Assert.Equal(2, appLayers.Count);
        Assert.All(appLayers, e => Assert.Equal(SbomFixtures.Sha256(app), e.Document));
    }

    [Fact]
    public async Task Both_SBOMs_in_one_batch_and_a_second_ingest_change_no_counts()
    {
        var files = new[] { new SbomFile("alpine.json", SbomFixtures.Read(SbomFixtures.SyftCycloneDxFile)), new SbomFile("app.json", AppOnAlpine()) };
        var import = Sboms.Import(files, null, _clock.GetUtcNow());
        Assert.Equal((2, 2, 15, 1), (import.Images, import.Layers, import.Packages, import.Ecosystems.Count));
        // 2 has_layer for the base layer, 1 for the app layer, 14 + 1 contains_package: no duplicates in the batch.
        Assert.Equal(3 + 15, import.Batch.Edges.Count);

        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("tether.db"), _clock);
        await store.IngestAsync(import.Batch);
        var first = await store.CountAsync();
        Assert.Equal(import.Batch.Edges.Count, first.Edges);

        _clock.Advance(TimeSpan.FromHours(1));
        await store.IngestAsync(Sboms.Import(files, null, _clock.GetUtcNow()).Batch);
        var second = await store.CountAsync();
        Assert.Equal(first.Edges, second.Edges);
        Assert.Equal(first.NodesByKind, second.NodesByKind);
    }

    [Fact]
    public async Task A_package_without_a_layer_hangs_off_the_image()
    {
        var bytes = SbomFixtures.Read(SbomFixtures.SyftSpdxFile);
        var import = Sboms.Import([new SbomFile(SbomFixtures.SyftSpdxFile, bytes)], SbomFixtures.DeclaredDigest, _clock.GetUtcNow());

        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("tether.db"), _clock);
        await store.IngestAsync(import.Batch);

        var image = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, SbomFixtures.DeclaredDigest));
        var direct = await store.GetEdgesAsync([image!.Id], EdgeDirection.Outgoing, [EdgeTypes.ContainsPackage]);
        var package = Assert.Single(await store.GetNodesAsync([Assert.Single(direct).ToId]));
        Assert.Equal("Alpine:v3.10|ssl_client|1.30.1-r5", package.Key);
    }

    /// <summary>An image built FROM the alpine one: same base layer and packages, one more package in a layer of its own.</summary>
    private static byte[] AppOnAlpine() => SbomFixtures.Edit(SbomFixtures.SyftCycloneDxFile, root =>
    {
        root["metadata"]!["component"]!["name"] = "registry.example.com/team/app:1.0";
        root["metadata"]!["component"]!["version"] = AppImage;
        root["components"]!.AsArray().Insert(0, new JsonObject
        {
            ["type"] = "library",
            ["name"] = "curl",
            ["version"] = "7.83.1-r3",
            ["purl"] = "pkg:apk/alpine/curl@7.83.1-r3?arch=x86_64&upstream=curl&distro=alpine-3.16.2",
            ["properties"] = new JsonArray(new JsonObject { ["name"] = "syft:location:0:layerID", ["value"] = AppLayer }),
        });
    });

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
