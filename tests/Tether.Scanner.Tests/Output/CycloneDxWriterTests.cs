using System.Text.Json.Nodes;
using Tether.Core.Model;
using Tether.Scanner.Attribute;
using Tether.Scanner.Normalize;
using Tether.Scanner.Output;
using Xunit;

namespace Tether.Scanner.Tests.Output;

/// <summary>The demo image written as CycloneDX 1.6, checked field by field and against the official schema.</summary>
public sealed class CycloneDxWriterTests
{
    [Fact]
    public async Task The_demo_image_is_a_valid_CycloneDX_1_6_bom_about_its_manifest_digest()
    {
        var scan = await DemoImage.ScanResultAsync();
        var bytes = CycloneDxWriter.Write(scan, null, DemoImage.Tool, DemoImage.Timestamp);

        Assert.Empty(await SchemaValidation.CycloneDxErrorsAsync(bytes));
        var bom = Parse(bytes);
        Assert.Equal(("CycloneDX", "1.6", 1), ((string?)bom["bomFormat"], (string?)bom["specVersion"], (int?)bom["version"]));
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", (string?)bom["serialNumber"]);
        var metadata = bom["metadata"]!;
        Assert.Equal("2026-11-22T12:00:00Z", (string?)metadata["timestamp"]);
        var tool = Assert.Single(metadata["tools"]!["components"]!.AsArray())!;
        Assert.Equal(("application", "tether", "0.4.0"), ((string?)tool["type"], (string?)tool["name"], (string?)tool["version"]));

        var image = metadata["component"]!;
        var digest = scan.ManifestDigest;
        var purl = $"pkg:oci/payments-api@sha256%3A{digest[7..]}?arch=amd64&repository_url=acrcontoso.azurecr.io%2Fpayments-api";
        Assert.Equal(("container", "acrcontoso.azurecr.io/payments-api", digest, purl, purl),
            ((string?)image["type"], (string?)image["name"], (string?)image["version"], (string?)image["purl"], (string?)image["bom-ref"]));
        var properties = Properties(image);
        Assert.Equal([scan.Scan.Image.ConfigDigest], properties["aquasecurity:trivy:ImageID"]);
        Assert.Equal([$"acrcontoso.azurecr.io/payments-api@{digest}"], properties["aquasecurity:trivy:RepoDigest"]);
        Assert.Equal(scan.Scan.Image.Config.DiffIds, properties["aquasecurity:trivy:DiffID"]);
        Assert.Equal(["RUN /bin/sh -c npm ci --omit=dev # buildkit"], properties["tether:layer:3:createdBy"]);
    }

    [Fact]
    public async Task Components_keep_layer_file_and_source_package_under_the_names_Trivy_and_Syft_read()
    {
        var scan = await DemoImage.ScanResultAsync();
        var components = Parse(CycloneDxWriter.Write(scan, null, DemoImage.Tool, DemoImage.Timestamp))["components"]!.AsArray();

        var os = components[0]!;
        Assert.Equal(("operating-system", "debian", "12", "os:debian@12"), ((string?)os["type"], (string?)os["name"], (string?)os["version"], (string?)os["bom-ref"]));

        var baseLayer = scan.Scan.Layers[0];
        var libssl = Component(components, "libssl3");
        Assert.Equal(("library", "3.0.11-1~deb12u2"), ((string?)libssl["type"], (string?)libssl["version"]));
        Assert.Equal("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl", (string?)libssl["purl"]);
        Assert.Equal((string?)libssl["purl"], (string?)libssl["bom-ref"]);
        var properties = Properties(libssl);
        Assert.Equal([baseLayer.Scan.DiffId], properties["aquasecurity:trivy:LayerDiffID"]);
        Assert.Equal([baseLayer.Descriptor.Digest], properties["aquasecurity:trivy:LayerDigest"]);
        Assert.Equal(["openssl"], properties["aquasecurity:trivy:SrcName"]);
        Assert.Equal([baseLayer.Scan.DiffId], properties["syft:location:0:layerID"]);
        Assert.Equal(["/var/lib/dpkg/status"], properties["syft:location:0:path"]);
        Assert.False(properties.ContainsKey("aquasecurity:trivy:FilePath"));

        // nodejs came with the apt-get layer, express with `npm ci`: each keeps its own layer.
        Assert.Equal([scan.Scan.Layers[1].Scan.DiffId], Properties(Component(components, "nodejs"))["aquasecurity:trivy:LayerDiffID"]);
        var express = Component(components, "express");
        var expressProperties = Properties(express);
        Assert.Equal([scan.Scan.Layers[3].Scan.DiffId], expressProperties["aquasecurity:trivy:LayerDiffID"]);
        Assert.Equal(["app/node_modules/express/package.json"], expressProperties["aquasecurity:trivy:FilePath"]);
        Assert.Equal(["/app/node_modules/express/package.json"], expressProperties["syft:location:0:path"]);
        Assert.Equal("MIT", (string?)express["licenses"]![0]!["license"]!["id"]);
    }

    [Fact]
    public async Task Bom_refs_are_unique_and_every_write_of_the_same_scan_is_byte_identical()
    {
        var scan = await DemoImage.ScanResultAsync();
        var first = CycloneDxWriter.Write(scan, DemoImage.Findings(scan), DemoImage.Tool, DemoImage.Timestamp);
        var second = CycloneDxWriter.Write(scan, DemoImage.Findings(scan), DemoImage.Tool, DemoImage.Timestamp);

        Assert.Equal(first, second);
        var refs = Parse(first)["components"]!.AsArray().Select(c => (string)c!["bom-ref"]!).ToList();
        Assert.Equal(scan.Packages.Count + 1, refs.Count);
        Assert.Equal(refs.Count, refs.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(refs.Skip(1).Order(StringComparer.Ordinal), refs.Skip(1));
        Assert.NotEqual(first, CycloneDxWriter.Write(scan, DemoImage.Findings(scan), DemoImage.Tool, DemoImage.Timestamp.AddSeconds(1)));
    }

    [Fact]
    public async Task Two_packages_with_one_purl_get_distinct_bom_refs()
    {
        var scan = await DemoImage.ScanResultAsync();
        var express = scan.Packages.Single(p => p.Facts.Name == "express");
        // The same purl under another key: what two lock files naming one package differently would give.
        var twin = express with { Facts = express.Facts with { Name = "Express" } };
        var bytes = CycloneDxWriter.Write(scan with { Packages = [.. scan.Packages, twin] }, null, DemoImage.Tool, DemoImage.Timestamp);

        Assert.Empty(await SchemaValidation.CycloneDxErrorsAsync(bytes));
        var refs = Parse(bytes)["components"]!.AsArray().Select(c => (string)c!["bom-ref"]!).Where(r => r.StartsWith("pkg:npm/express@", StringComparison.Ordinal));
        Assert.Equal(["pkg:npm/express@4.19.2", "pkg:npm/express@4.19.2#2"], refs);
    }

    [Fact]
    public async Task Findings_become_vulnerabilities_whose_affects_point_at_the_components_bom_refs()
    {
        var scan = await DemoImage.ScanResultAsync();
        var bytes = CycloneDxWriter.Write(scan, DemoImage.Findings(scan), DemoImage.Tool, DemoImage.Timestamp);

        Assert.Empty(await SchemaValidation.CycloneDxErrorsAsync(bytes));
        var bom = Parse(bytes);
        var refs = bom["components"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => (string)c!["bom-ref"]!);
        var vulnerabilities = bom["vulnerabilities"]!.AsArray();
        Assert.Equal(["CVE-2024-43796", "CVE-2024-4741"], vulnerabilities.Select(v => (string)v!["id"]!));

        var openssl = vulnerabilities[1]!;
        Assert.Equal(refs["libssl3"], (string?)Assert.Single(openssl["affects"]!.AsArray())!["ref"]);
        Assert.Equal("3.0.11-1~deb12u2", (string?)openssl["affects"]![0]!["versions"]![0]!["version"]);
        Assert.Equal(("NVD", "https://nvd.nist.gov/vuln/detail/CVE-2024-4741"), ((string?)openssl["source"]!["name"], (string?)openssl["source"]!["url"]));
        Assert.Equal(("DEBIAN-CVE-2024-4741", "Debian"), ((string?)openssl["references"]![0]!["id"], (string?)openssl["references"]![0]!["source"]!["name"]));
        Assert.Equal("Upgrade libssl3 to 3.0.14-1~deb12u1", (string?)openssl["recommendation"]);
        Assert.Null(openssl["ratings"]); // the Debian record rates nothing; nothing is made up

        var express = vulnerabilities[0]!;
        Assert.Equal(refs["express"], (string?)Assert.Single(express["affects"]!.AsArray())!["ref"]);
        Assert.Equal("GHSA-qw6h-vgh9-j6wx", (string?)Assert.Single(express["references"]!.AsArray())!["id"]);
        var ratings = express["ratings"]!.AsArray();
        Assert.Equal((5.0, "medium", "CVSSv31", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:L"),
            ((double)ratings[0]!["score"]!, (string?)ratings[0]!["severity"], (string?)ratings[0]!["method"], (string?)ratings[0]!["vector"]));
        Assert.Equal(("low", "other", "GitHub"), ((string?)ratings[1]!["severity"], (string?)ratings[1]!["method"], (string?)ratings[1]!["source"]!["name"]));
        Assert.Equal("Upgrade express to 4.20.0", (string?)express["recommendation"]);
        Assert.Equal("express vulnerable to XSS via response.redirect()", (string?)express["description"]);
    }

    [Fact]
    public async Task One_vulnerability_in_two_packages_is_one_entry_affecting_both()
    {
        var scan = await DemoImage.ScanResultAsync();
        var key = (string name) => scan.Packages.Single(p => p.Facts.Name == name).Facts.Key;
        ScanFinding[] findings =
        [
            new("CVE-2024-4741", key("libssl3")) { FixedVersion = "3.0.14-1~deb12u1" },
            new("CVE-2024-4741", key("openssl")) { FixedVersion = "3.0.14-1~deb12u1" },
        ];
        var bom = Parse(CycloneDxWriter.Write(scan, findings, DemoImage.Tool, DemoImage.Timestamp));

        var vulnerability = Assert.Single(bom["vulnerabilities"]!.AsArray())!;
        Assert.Equal(2, vulnerability["affects"]!.AsArray().Count);
        Assert.Equal("Upgrade libssl3 to 3.0.14-1~deb12u1; Upgrade openssl to 3.0.14-1~deb12u1", (string?)vulnerability["recommendation"]);
    }

    [Fact]
    public async Task A_vulnerability_named_by_its_GHSA_lists_its_CVE_alias_in_references()
    {
        var scan = await DemoImage.ScanResultAsync();
        var express = scan.Packages.Single(p => p.Facts.Name == "express").Facts.Key;
        var bom = Parse(CycloneDxWriter.Write(
            scan, [new ScanFinding("GHSA-qw6h-vgh9-j6wx", express) { Aliases = ["CVE-2024-43796"], AdvisoryId = "GHSA-qw6h-vgh9-j6wx" }],
            DemoImage.Tool, DemoImage.Timestamp));

        var vulnerability = Assert.Single(bom["vulnerabilities"]!.AsArray())!;
        Assert.Equal(("GitHub Advisories", "https://github.com/advisories/GHSA-qw6h-vgh9-j6wx"),
            ((string?)vulnerability["source"]!["name"], (string?)vulnerability["source"]!["url"]));
        var reference = Assert.Single(vulnerability["references"]!.AsArray())!;
        Assert.Equal(("CVE-2024-43796", "NVD", "https://nvd.nist.gov/vuln/detail/CVE-2024-43796"),
            ((string?)reference["id"], (string?)reference["source"]!["name"], (string?)reference["source"]!["url"]));
        Assert.Null(vulnerability["recommendation"]); // no fixed version given, none invented
    }

    [Fact]
    public async Task Without_findings_the_bom_has_no_vulnerabilities()
    {
        var scan = await DemoImage.ScanResultAsync();

        Assert.Null(Parse(CycloneDxWriter.Write(scan, [], DemoImage.Tool, DemoImage.Timestamp))["vulnerabilities"]);
    }

    [Fact]
    public async Task A_finding_on_a_package_the_scan_did_not_find_is_refused()
    {
        var scan = await DemoImage.ScanResultAsync();

        var error = Assert.Throws<ArgumentException>(() =>
            CycloneDxWriter.Write(scan, [new ScanFinding("CVE-2024-0001", "npm|left-pad|1.0.0")], DemoImage.Tool, DemoImage.Timestamp));
        Assert.Contains("npm|left-pad|1.0.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_license_outside_the_SPDX_list_is_named_not_given_an_id()
    {
        var scan = await DemoImage.ScanResultAsync();
        var bytes = CycloneDxWriter.Write(WithLicenses(scan, "cookie", "GPLv2+", "MIT"), null, DemoImage.Tool, DemoImage.Timestamp);

        Assert.Empty(await SchemaValidation.CycloneDxErrorsAsync(bytes));
        var licenses = Component(Parse(bytes)["components"]!.AsArray(), "cookie")["licenses"]!.AsArray();
        Assert.Equal(("GPLv2+", "MIT"), ((string?)licenses[0]!["license"]!["name"], (string?)licenses[1]!["license"]!["id"]));
        var expression = Parse(CycloneDxWriter.Write(WithLicenses(scan, "cookie", "(MIT OR Apache-2.0)"), null, DemoImage.Tool, DemoImage.Timestamp));
        Assert.Equal("(MIT OR Apache-2.0)", (string?)Component(expression["components"]!.AsArray(), "cookie")["licenses"]![0]!["expression"]);
    }

    [Fact]
    public async Task The_schema_check_rejects_what_CycloneDX_does_not_allow()
    {
        var scan = await DemoImage.ScanResultAsync();
        var bom = Parse(CycloneDxWriter.Write(scan, DemoImage.Findings(scan), DemoImage.Tool, DemoImage.Timestamp));
        bom["components"]![1]!["type"] = "package";
        bom["vulnerabilities"]![0]!["ratings"]![0]!["method"] = "CVSSv3.1";

        var errors = await SchemaValidation.CycloneDxErrorsAsync(System.Text.Encoding.UTF8.GetBytes(bom.ToJsonString()));
        Assert.Contains(errors, e => e.Contains("components[1]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("vulnerabilities[0]", StringComparison.Ordinal));
    }

    internal static ScanResult WithLicenses(ScanResult scan, string package, params string[] licenses) =>
        scan with
        {
            Packages = [.. scan.Packages.Select(p => p.Facts.Name == package ? p with { Scanned = p.Scanned with { Licenses = licenses } } : p)],
        };

    private static JsonNode Parse(byte[] bytes) => JsonNode.Parse(bytes)!;

    [Fact]
    public async Task The_base_image_and_each_layers_Dockerfile_line_are_properties_of_the_image_and_its_packages()
    {
        var demo = await DemoImage.ScanResultAsync();
        var diffIds = demo.Scan.Image.Config.DiffIds;
        var baseDigest = "sha256:" + new string('b', 64);
        var dockerfile = new DockerfileFacts("github.com/contoso/payments-api", new string('1', 40), "Dockerfile")
        {
            Stages = [new DockerfileFrom(1, "node:20-bookworm-slim", null, null)],
            Instructions = [new DockerfileInstruction(1, "FROM", "FROM node:20-bookworm-slim"), new DockerfileInstruction(5, "RUN", "RUN npm ci --omit=dev")],
        };
        var context = new StoredImageContext([new StoredImage(baseDigest, [.. diffIds.Take(2)], ["docker.io/library/node"])], dockerfile);
        var scan = ScanNormalizer.Build(demo.Scan, DemoImage.Repository, DemoImage.Timestamp, context);

        var bytes = CycloneDxWriter.Write(scan, null, DemoImage.Tool, DemoImage.Timestamp);

        Assert.Empty(await SchemaValidation.CycloneDxErrorsAsync(bytes));
        var bom = Parse(bytes);
        var image = Properties(bom["metadata"]!["component"]!);
        Assert.Equal([$"docker.io/library/node@{baseDigest}"], image["tether:baseImage"]);
        Assert.Equal(["base-image-match 0.95"], image["tether:baseImage:method"]);
        Assert.Equal(["true"], image["tether:layer:1:fromBaseImage"]);
        Assert.Equal(["false"], image["tether:layer:3:fromBaseImage"]);
        Assert.Equal(["Dockerfile:1 FROM node:20-bookworm-slim (base-image-match 0.95)"], image["tether:layer:0:dockerfile"]);
        Assert.Equal(["Dockerfile:5 RUN npm ci --omit=dev (layer-history-match 0.85)"], image["tether:layer:3:dockerfile"]);
        var express = Properties(Component(bom["components"]!.AsArray(), "express"));
        Assert.Equal(["Dockerfile:5 RUN npm ci --omit=dev (layer-history-match 0.85)"], express["tether:package:dockerfile"]);

        var spdx = System.Text.Encoding.UTF8.GetString(SpdxWriter.Write(scan, null, DemoImage.Tool, DemoImage.Timestamp));
        Assert.Contains("tether:package:dockerfile: Dockerfile:5 RUN npm ci --omit=dev (layer-history-match 0.85)", spdx, StringComparison.Ordinal);
        Assert.Contains($"tether:baseImage: docker.io/library/node@{baseDigest}", spdx, StringComparison.Ordinal);
    }

    private static JsonNode Component(JsonArray components, string name) => components.Single(c => (string?)c!["name"] == name)!;

    private static Dictionary<string, List<string>> Properties(JsonNode component) =>
        component["properties"]!.AsArray()
            .GroupBy(p => (string)p!["name"]!)
            .ToDictionary(g => g.Key, g => g.Select(p => (string)p!["value"]!).ToList());
}
