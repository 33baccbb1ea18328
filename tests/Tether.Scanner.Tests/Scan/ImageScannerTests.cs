using Tether.Core.Errors;
using Tether.Registry.Client.Layout;
using Tether.Scanner.Cache;
using Tether.Scanner.Collect;
using Tether.Scanner.Scan;
using Tether.Testing;
using Xunit;
using static Tether.Scanner.Tests.Layers.TestLayers;

namespace Tether.Scanner.Tests.Scan;

/// <summary>Scanning the demo's real OCI image layout (gzip tar layers, BuildKit-style config) through the content-source seam.</summary>
public sealed class ImageScannerTests : IDisposable
{
    private const string PaymentsDigest = "sha256:87e8b3b9d55f017a21acace182aead00b05ab9281dd83cb2c07f5a62d0610a10";
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task The_image_is_resolved_by_tag_scanned_layer_by_layer_and_rescanned_from_the_cache_without_reading_blobs()
    {
        var layout = CopyLayout();
        var source = new OciLayoutSource(layout, "acrcontoso.azurecr.io", "payments-api");
        var cache = new LayerCache(_dir.File("cache"), ["test-list"]);
        var scanner = new ImageScanner([new ListAnalyzer()], cache);
        var image = await ImageFetcher.FetchAsync(source, "payments-api", "1.8.0", null, default);

        var first = await scanner.ScanAsync(source, image);

        Assert.Equal(PaymentsDigest, first.Image.ManifestDigest);
        Assert.Equal(5, first.Layers.Count);
        Assert.All(first.Layers, l => Assert.False(l.FromCache));
        Assert.Equal(image.Config.DiffIds, first.Layers.Select(l => l.Scan.DiffId));
        Assert.Equal(image.Manifest.Layers.Select(l => l.Digest), first.Layers.Select(l => l.Scan.BlobDigest));
        Assert.Contains("\nID=debian", System.Text.Encoding.UTF8.GetString(first.Filesystem.MetadataFiles["etc/os-release"]), StringComparison.Ordinal);
        var status = Assert.Single(first.Filesystem.Entries, e => e.Entry.Path == "var/lib/dpkg/status");
        Assert.Equal(1, status.Layer);
        Assert.Contains(first.Filesystem.Entries, e => e.Entry.Path == "app/node_modules/express/package.json" && e.Layer == 3);

        // Without the blobs, the second scan still succeeds: every layer comes from the cache.
        foreach (var layer in image.Manifest.Layers)
        {
            System.IO.File.Delete(Path.Combine(layout, "blobs", "sha256", layer.Digest[7..]));
        }

        var second = await scanner.ScanAsync(source, image);
        Assert.All(second.Layers, l => Assert.True(l.FromCache));
        Assert.Equal(first.Filesystem.Entries.Select(e => (e.Entry.Path, e.Layer)), second.Filesystem.Entries.Select(e => (e.Entry.Path, e.Layer)));
    }

    [Fact]
    public async Task A_layer_blob_that_does_not_hash_to_its_digest_is_refused_and_not_cached()
    {
        var layout = CopyLayout();
        var source = new OciLayoutSource(layout, "acrcontoso.azurecr.io", "payments-api");
        var image = await ImageFetcher.FetchAsync(source, "payments-api", PaymentsDigest, null, default);
        var victim = image.Manifest.Layers[2];
        await System.IO.File.WriteAllBytesAsync(Path.Combine(layout, "blobs", "sha256", victim.Digest[7..]), Gzip(Tar(File("app/package.json", "{\"name\":\"evil\"}"))));
        var cache = new LayerCache(_dir.File("cache"), []);

        var error = await Assert.ThrowsAsync<InputException>(() => new ImageScanner([], cache) { Concurrency = 1 }.ScanAsync(source, image));

        Assert.Contains(victim.Digest, error.Message, StringComparison.Ordinal);
        Assert.Contains("not to its descriptor's digest", error.Message, StringComparison.Ordinal);
        Assert.Null(await cache.GetAsync(image.Config.DiffIds[2], default));
    }

    [Fact]
    public async Task A_damaged_cache_entry_is_read_as_absent()
    {
        var cache = new LayerCache(_dir.File("cache"), ["x"]);
        var scan = await new Tether.Scanner.Layers.LayerScanner([]).ScanAsync(new MemoryStream(Tar(File("a", "b"))), "layer");
        await cache.PutAsync(scan, default);
        Assert.Equal(scan.DiffId, (await cache.GetAsync(scan.DiffId, default))!.DiffId);

        var file = Directory.GetFiles(_dir.File("cache"), "*.json.gz", SearchOption.AllDirectories).Single();
        await System.IO.File.WriteAllBytesAsync(file, [0x1f, 0x8b, 1, 2, 3]);

        Assert.Null(await cache.GetAsync(scan.DiffId, default));
        Assert.Null(await cache.GetAsync("sha256:../../etc/passwd", default));
    }

    public void Dispose() => _dir.Dispose();

    private string CopyLayout() => _dir.CopyFrom(TestData.Repo("samples", "demo", "registry", "payments-api"), "layout");
}
