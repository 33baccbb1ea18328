using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Registry.Client.Layout;
using Tether.Scanner.Analyze;
using Tether.Scanner.Collect;
using Tether.Scanner.Normalize;
using Tether.Scanner.Scan;
using Tether.Testing;
using Xunit;

namespace Tether.Scanner.Tests.Normalize;

/// <summary>The demo's payments-api image (a real OCI layout: Debian base layer, an apt-get layer rewriting the dpkg database) scanned into graph facts.</summary>
public sealed class ScanNormalizerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Packages_get_Debian_12_keys_purls_with_distro_qualifiers_and_the_layer_that_installed_them()
    {
        var result = await ScanDemoAsync();

        Assert.Equal(("debian", "12"), (result.Os!.Id, result.Os.Version));
        Assert.Equal(
            [
                ("Debian:12|ca-certificates|20230311", 0), ("Debian:12|libc6|2.36-9+deb12u9", 0), ("Debian:12|libexpat1|2.5.0-1", 0),
                ("Debian:12|libssl3|3.0.11-1~deb12u2", 0), ("Debian:12|nodejs|18.19.0+dfsg-6~deb12u2", 1), ("Debian:12|openssl|3.0.11-1~deb12u2", 0),
                ("Debian:12|zlib1g|1:1.2.13.dfsg-1", 0),
            ],
            result.Packages.Where(p => p.Facts.Ecosystem == "Debian:12").Select(p => (p.Facts.Key, p.Layer)).Order());

        // The app's dependencies come from node_modules in the `RUN npm ci` layer; the app's own package.json is not a dependency.
        Assert.Equal(
            [("npm|cookie|0.6.0", 3), ("npm|express|4.19.2", 3), ("npm|path-to-regexp|0.1.7", 3)],
            result.Packages.Where(p => p.Facts.Ecosystem == "npm").Select(p => (p.Facts.Key, p.Layer)).Order());
        var libssl = result.Packages.Single(p => p.Facts.Name == "libssl3").Facts;
        Assert.Equal("openssl", libssl.SourceName);
        Assert.StartsWith("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?", libssl.Purl, StringComparison.Ordinal);
        Assert.Contains("distro=debian-12", libssl.Purl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_batch_links_image_layers_with_their_history_step_and_packages_with_scan_evidence()
    {
        var result = await ScanDemoAsync();
        var batch = result.Batch;

        var layers = batch.Nodes.OfType<LayerFacts>().ToList();
        Assert.Equal(5, layers.Count);
        Assert.StartsWith("# debian.sh", layers[0].CreatedBy, StringComparison.Ordinal);
        Assert.StartsWith("RUN /bin/sh -c apt-get update", layers[1].CreatedBy, StringComparison.Ordinal);
        var image = Assert.Single(batch.Nodes.OfType<ImageFacts>());
        Assert.Equal(result.ManifestDigest, image.Digest);
        Assert.Equal(["acrcontoso.azurecr.io/payments-api"], image.Repositories);
        Assert.Equal(5, batch.Edges.Count(e => e.Type == EdgeTypes.HasLayer));
        var nodejs = Assert.Single(batch.Edges, e => e.Type == EdgeTypes.ContainsPackage && e.To.Key == "Debian:12|nodejs|18.19.0+dfsg-6~deb12u2");
        Assert.Equal(layers[1].Ref, nodejs.From);
        Assert.Equal((ScanNormalizer.Collector, EvidenceMethods.ImageScan, ScanNormalizer.LayerByDatabaseDiff, result.ManifestDigest),
            (nodejs.Evidence.Collector, nodejs.Evidence.Method, nodejs.Evidence.Confidence, nodejs.Evidence.Document));
    }

    private static async Task<ScanResult> ScanDemoAsync()
    {
        var source = new OciLayoutSource(TestData.Repo("samples", "demo", "registry", "payments-api"), "acrcontoso.azurecr.io", "payments-api");
        var image = await ImageFetcher.FetchAsync(source, "payments-api", "1.8.0", null, default);
        var scan = await new ImageScanner(Analyzers.All, cache: null).ScanAsync(source, image);
        return ScanNormalizer.Build(scan, "acrcontoso.azurecr.io/payments-api", Now);
    }
}
