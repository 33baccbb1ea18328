using System.Text.Json.Nodes;
using Tether.Scanner.Output;
using Xunit;

namespace Tether.Scanner.Tests.Output;

/// <summary>The demo image written as SPDX 2.3, checked field by field and against the official schema.</summary>
public sealed class SpdxWriterTests
{
    [Fact]
    public async Task The_demo_image_is_a_valid_SPDX_2_3_document_describing_the_image_by_digest()
    {
        var scan = await DemoImage.ScanResultAsync();
        var bytes = SpdxWriter.Write(scan, DemoImage.Findings(scan), DemoImage.Tool, DemoImage.Timestamp);

        Assert.Empty(await SchemaValidation.SpdxErrorsAsync(bytes));
        var document = JsonNode.Parse(bytes)!;
        var digest = scan.ManifestDigest;
        Assert.Equal(("SPDX-2.3", "CC0-1.0", "SPDXRef-DOCUMENT"), ((string?)document["spdxVersion"], (string?)document["dataLicense"], (string?)document["SPDXID"]));
        Assert.Equal($"acrcontoso.azurecr.io/payments-api@{digest}", (string?)document["name"]);
        Assert.Equal($"https://tether.dev/spdx/sha256-{digest[7..]}-20261122T120000Z", (string?)document["documentNamespace"]);
        Assert.Equal("2026-11-22T12:00:00Z", (string?)document["creationInfo"]!["created"]);
        Assert.Equal("Tool: tether-0.4.0", (string?)Assert.Single(document["creationInfo"]!["creators"]!.AsArray()));

        var packages = document["packages"]!.AsArray();
        var image = packages[0]!;
        var relationships = document["relationships"]!.AsArray();
        var describes = Assert.Single(relationships, r => (string?)r!["relationshipType"] == "DESCRIBES")!;
        Assert.Equal(("SPDXRef-DOCUMENT", (string?)image["SPDXID"]), ((string?)describes["spdxElementId"], (string?)describes["relatedSpdxElement"]));
        Assert.Equal(("CONTAINER", "acrcontoso.azurecr.io/payments-api", digest), ((string?)image["primaryPackagePurpose"], (string?)image["name"], (string?)image["versionInfo"]));
        Assert.StartsWith($"pkg:oci/payments-api@sha256%3A{digest[7..]}?", (string?)image["externalRefs"]![0]!["referenceLocator"], StringComparison.Ordinal);
        Assert.Contains($"RepoDigest: acrcontoso.azurecr.io/payments-api@{digest}", Comments(image));
        Assert.Equal(scan.Scan.Image.Config.DiffIds.Select(d => $"DiffID: {d}"), Comments(image).Where(c => c.StartsWith("DiffID: ", StringComparison.Ordinal)));

        // The image contains the OS and every package, each once.
        var contained = relationships.Where(r => (string?)r!["relationshipType"] == "CONTAINS").Select(r => (string)r!["relatedSpdxElement"]!).ToList();
        Assert.Equal(packages.Skip(1).Select(p => (string)p!["SPDXID"]!), contained);
        Assert.Equal(scan.Packages.Count + 2, packages.Count);
        Assert.All(packages, p => Assert.Matches("^SPDXRef-[A-Za-z0-9.-]+$", (string?)p!["SPDXID"]));
        Assert.Equal(packages.Count, packages.Select(p => (string)p!["SPDXID"]!).Distinct(StringComparer.Ordinal).Count());
        Assert.StartsWith("SPDXRef-OperatingSystem-", (string?)packages[1]!["SPDXID"], StringComparison.Ordinal);
        Assert.Equal(("debian", "12"), ((string?)packages[1]!["name"], (string?)packages[1]!["versionInfo"]));
    }

    [Fact]
    public async Task Packages_carry_purl_source_package_and_layer_as_Trivy_writes_them()
    {
        var scan = await DemoImage.ScanResultAsync();
        var packages = JsonNode.Parse(SpdxWriter.Write(scan, DemoImage.Findings(scan), DemoImage.Tool, DemoImage.Timestamp))!["packages"]!.AsArray();

        var libssl = packages.Single(p => (string?)p!["name"] == "libssl3")!;
        Assert.Equal(("3.0.11-1~deb12u2", "NOASSERTION", false, "NOASSERTION", "NOASSERTION"),
            ((string?)libssl["versionInfo"], (string?)libssl["downloadLocation"], (bool)libssl["filesAnalyzed"]!, (string?)libssl["licenseConcluded"], (string?)libssl["licenseDeclared"]));
        var purl = libssl["externalRefs"]![0]!;
        Assert.Equal(("PACKAGE-MANAGER", "purl", "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl"),
            ((string?)purl["referenceCategory"], (string?)purl["referenceType"], (string?)purl["referenceLocator"]));
        var advisory = libssl["externalRefs"]![1]!;
        Assert.Equal(("SECURITY", "advisory", "https://nvd.nist.gov/vuln/detail/CVE-2024-4741"),
            ((string?)advisory["referenceCategory"], (string?)advisory["referenceType"], (string?)advisory["referenceLocator"]));
        Assert.Equal("built package from: openssl", (string?)libssl["sourceInfo"]);
        Assert.Equal(
            [$"LayerDiffID: {scan.Scan.Layers[0].Scan.DiffId}", $"LayerDigest: {scan.Scan.Layers[0].Descriptor.Digest}", "FilePath: var/lib/dpkg/status"],
            Comments(libssl));
        var annotation = libssl["annotations"]![0]!;
        Assert.Equal(("OTHER", "Tool: tether-0.4.0", "2026-11-22T12:00:00Z"),
            ((string?)annotation["annotationType"], (string?)annotation["annotator"], (string?)annotation["annotationDate"]));

        var express = packages.Single(p => (string?)p!["name"] == "express")!;
        Assert.Equal("MIT", (string?)express["licenseDeclared"]);
        Assert.Equal("package found in: app/node_modules/express/package.json", (string?)express["sourceInfo"]);
        Assert.Contains($"LayerDiffID: {scan.Scan.Layers[3].Scan.DiffId}", Comments(express));
    }

    [Fact]
    public async Task A_license_outside_the_SPDX_list_becomes_a_LicenseRef_with_its_text_kept()
    {
        var scan = CycloneDxWriterTests.WithLicenses(await DemoImage.ScanResultAsync(), "cookie", "GPLv2+", "mit");
        var bytes = SpdxWriter.Write(scan, null, DemoImage.Tool, DemoImage.Timestamp);

        Assert.Empty(await SchemaValidation.SpdxErrorsAsync(bytes));
        var document = JsonNode.Parse(bytes)!;
        var cookie = document["packages"]!.AsArray().Single(p => (string?)p!["name"] == "cookie")!;
        var extracted = Assert.Single(document["hasExtractedLicensingInfos"]!.AsArray())!;
        var reference = (string)extracted["licenseId"]!;
        Assert.Matches("^LicenseRef-GPLv2-[0-9a-f]{8}$", reference);
        Assert.Equal(("GPLv2+", "GPLv2+"), ((string?)extracted["extractedText"], (string?)extracted["name"]));
        Assert.Equal($"{reference} AND MIT", (string?)cookie["licenseDeclared"]);
    }

    [Fact]
    public async Task Every_write_of_the_same_scan_is_byte_identical()
    {
        var scan = await DemoImage.ScanResultAsync();

        Assert.Equal(
            SpdxWriter.Write(scan, DemoImage.Findings(scan), DemoImage.Tool, DemoImage.Timestamp),
            SpdxWriter.Write(scan, DemoImage.Findings(scan), DemoImage.Tool, DemoImage.Timestamp));
    }

    [Fact]
    public async Task The_schema_check_rejects_what_SPDX_2_3_does_not_allow()
    {
        var scan = await DemoImage.ScanResultAsync();
        var document = JsonNode.Parse(SpdxWriter.Write(scan, null, DemoImage.Tool, DemoImage.Timestamp))!;
        document["relationships"]![0]!["relationshipType"] = "HAS";
        document["packages"]![2]!.AsObject().Remove("downloadLocation");

        var errors = await SchemaValidation.SpdxErrorsAsync(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()));
        Assert.Contains(errors, e => e.Contains("relationships[0]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("packages[2]", StringComparison.Ordinal));
    }

    private static List<string> Comments(JsonNode package) =>
        [.. package["annotations"]!.AsArray().Select(a => (string)a!["comment"]!)];
}
