using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Scanner.Normalize;
using Tether.Scanner.Output;
using Tether.Vulnerabilities.Reports.Normalize;
using Tether.Vulnerabilities.Sbom;
using Xunit;

namespace Tether.Scanner.Tests.Output;

/// <summary>
/// Tether's own SBOMs read back by Tether's SBOM import give what the scan found: the same packages (ecosystem,
/// name, version, source package), each on the same layer, and the image keyed by its manifest digest.
/// </summary>
public sealed class RoundTripTests
{
    public static TheoryData<string> Formats => ["cyclonedx", "spdx"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Reading_the_sbom_back_gives_the_scanned_packages_on_their_layers(string format)
    {
        var scan = await DemoImage.ScanResultAsync();
        var list = Sboms.ReadPackages(Write(format, scan), $"payments-api.{format}.json");

        Assert.Equal((SbomTool.TetherName, "0.4.0"), (list.Producer!.Name, list.Producer.Version));
        Assert.Equal(scan.ManifestDigest, list.Image.ManifestDigest);
        Assert.Equal(scan.Scan.Image.ConfigDigest, list.Image.ConfigDigest);
        Assert.Equal(scan.Scan.Image.Config.DiffIds, list.Image.DiffIds);
        Assert.Equal(("debian", "12"), (list.OperatingSystem!.Id, list.OperatingSystem.Version));
        Assert.Equal(
            scan.Packages.Select(p => (p.Facts.Ecosystem, p.Facts.Name, p.Facts.Version, p.Facts.SourceName, p.LayerDiffId)).Order(),
            list.Packages.Select(p => (p.Ecosystem, p.Name, p.Version, p.SourceName, (string)p.LayerDiffId!)).Order());
        Assert.Equal(scan.Packages.Select(p => p.Facts.Purl).Order(), list.Packages.Select(p => p.Purl).Order());
        Assert.Empty(list.Notes);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Importing_the_sbom_links_the_packages_to_the_image_by_manifest_digest_through_their_layers(string format)
    {
        var scan = await DemoImage.ScanResultAsync();
        var import = Sboms.Import([new SbomFile($"payments-api.{format}.json", Write(format, scan))], image: null, DemoImage.Timestamp);

        var linked = Assert.Single(Assert.Single(import.Sboms).Images);
        Assert.Equal((scan.ManifestDigest, ImageDigestRole.Manifest), (linked.Digest, linked.Role));
        var image = Assert.Single(import.Batch.Nodes.OfType<ImageFacts>());
        Assert.Equal(scan.Scan.Image.ConfigDigest, image.ConfigDigest);
        Assert.Equal(scan.Scan.Image.Config.DiffIds, image.DiffIds);

        // image -> layer -> package as the scan has them (an SBOM names only the layers that installed packages).
        Assert.Equal(
            Links(scan.Batch, EdgeTypes.HasLayer).Where(l => scan.Packages.Any(p => p.LayerDiffId == l.To)),
            Links(import.Batch, EdgeTypes.HasLayer));
        Assert.Equal(
            scan.Packages.Select(p => (p.LayerDiffId, p.Facts.Key)).Order(),
            Links(import.Batch, EdgeTypes.ContainsPackage));
        Assert.Equal(scan.Packages.Count, import.Packages);
    }

    private static byte[] Write(string format, ScanResult scan) => format == "cyclonedx"
        ? CycloneDxWriter.Write(scan, DemoImage.Findings(scan), DemoImage.Tool, DemoImage.Timestamp)
        : SpdxWriter.Write(scan, DemoImage.Findings(scan), DemoImage.Tool, DemoImage.Timestamp);

    private static List<(string From, string To)> Links(GraphBatch batch, string type) =>
        [.. batch.Edges.Where(e => e.Type == type).Select(e => (e.From.Key, e.To.Key)).Distinct().Order()];
}
