using System.Text.Json.Nodes;
using Tether.Core.Errors;
using Tether.Vulnerabilities.Reports.Normalize;
using Tether.Vulnerabilities.Sbom;
using Tether.Vulnerabilities.Sbom.Normalize;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Sbom;

/// <summary>Syft's CycloneDX (0.58, alpine 3.16) and SPDX 2.2 (alpine 3.10) documents.</summary>
public sealed class SyftSbomTests
{
    private const string AlpineLayer = "sha256:994393dc58e7931862558d06e46aa2bb17487044f670f310dffe1d24e4d1eec7";
    private const string Alpine310Layer = "sha256:9fb3aa2f8b8023a4bebbf92aa567caf88e38e969ada9f0ac12643b2847391635";
    private const string SyftManifestDigest = "sha256:cbaa390ec61abd889dfa5146a411c11717c19ef9e5e18458dbdc06439076ffe7";
    private const string OtherLayer = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static SbomPackageList CycloneDx => Sboms.ReadPackages(SbomFixtures.Read(SbomFixtures.SyftCycloneDxFile), SbomFixtures.SyftCycloneDxFile);

    private static SbomPackageList Spdx => Sboms.ReadPackages(SbomFixtures.Read(SbomFixtures.SyftSpdxFile), SbomFixtures.SyftSpdxFile);

    [Fact]
    public void Every_CycloneDX_component_with_a_purl_is_a_package_of_Alpine_3_16()
    {
        var list = CycloneDx;

        Assert.Equal(SbomFixtures.CycloneDxPackageCount(SbomFixtures.Read(SbomFixtures.SyftCycloneDxFile)), list.Packages.Count);
        Assert.All(list.Packages, p => Assert.Equal(("Alpine:v3.16", "apk", AlpineLayer, true), (p.Ecosystem, p.Type, p.LayerDiffId, p.IsOsvEcosystem)));
        Assert.Equal(["Alpine:v3.16"], list.Ecosystems);
        Assert.Equal("syft 0.58.0 (CycloneDX 1.4)", list.Description);
        Assert.Equal(("alpine", "3.16.2"), (list.OperatingSystem!.Id, list.OperatingSystem.Version));
    }

    [Fact]
    public void Musl_keeps_its_purl_origin_package_layer_and_license()
    {
        var musl = Assert.Single(CycloneDx.Packages, p => p.Name == "musl");

        Assert.Equal(
            new SbomPackage(
                "Alpine:v3.16",
                "musl",
                "1.2.3-r0",
                "pkg:alpine/musl@1.2.3-r0?arch=x86_64&upstream=musl&distro=alpine-3.16.2",
                "apk",
                "musl",
                null,
                AlpineLayer,
                musl.Licenses),
            musl);
        Assert.Equal(["MIT"], musl.Licenses);
        Assert.Equal("Alpine:v3.16|musl|1.2.3-r0", musl.Key);
    }

    [Theory]
    [InlineData("ssl_client", "busybox")]
    [InlineData("libcrypto1.1", "openssl")]
    [InlineData("scanelf", "pax-utils")]
    [InlineData("libc-utils", "libc-dev")]
    [InlineData("ca-certificates-bundle", "ca-certificates")]
    public void Subpackages_name_the_origin_package_they_were_built_from(string name, string origin) =>
        Assert.Equal(origin, Assert.Single(CycloneDx.Packages, p => p.Name == name).SourceName);

    [Fact]
    public void Two_licenses_are_both_kept()
    {
        var bundle = Assert.Single(CycloneDx.Packages, p => p.Name == "ca-certificates-bundle");
        Assert.Equal(["MPL-2.0", "MIT"], bundle.Licenses);
    }

    [Fact]
    public void The_image_is_the_manifest_digest_Syft_writes_as_the_component_version()
    {
        var import = Sboms.Import([new SbomFile(SbomFixtures.SyftCycloneDxFile, SbomFixtures.Read(SbomFixtures.SyftCycloneDxFile))], null, DateTimeOffset.UnixEpoch);

        var result = Assert.Single(import.Sboms);
        var image = Assert.Single(result.Images);
        Assert.Equal((SyftManifestDigest, ImageDigestRole.Manifest), (image.Digest, image.Role));
        Assert.Contains(result.Notes, n => n.Contains(SyftManifestDigest, StringComparison.Ordinal) && n.Contains("Docker daemon", StringComparison.Ordinal));
        Assert.Equal((14, 1), (result.Packages, result.Layers));
    }

    [Fact]
    public void A_declared_image_overrides_the_digest_Syft_wrote()
    {
        var import = Sboms.Import(
            [new SbomFile(SbomFixtures.SyftCycloneDxFile, SbomFixtures.Read(SbomFixtures.SyftCycloneDxFile))],
            "registry.example.com/team/alpine@" + SbomFixtures.DeclaredDigest,
            DateTimeOffset.UnixEpoch);

        var image = Assert.Single(Assert.Single(import.Sboms).Images);
        Assert.Equal((SbomFixtures.DeclaredDigest, ImageDigestRole.Declared), (image.Digest, image.Role));
        Assert.Equal(["registry.example.com/team/alpine"], image.Repositories);
        Assert.Contains(Assert.Single(import.Sboms).Notes, n => n.Contains("overrides", StringComparison.Ordinal) && n.Contains(SyftManifestDigest, StringComparison.Ordinal));
    }

    [Fact]
    public void A_version_that_is_not_a_digest_is_no_image_key()
    {
        var edited = SbomFixtures.Edit(SbomFixtures.SyftCycloneDxFile, root => root["metadata"]!["component"]!["version"] = "3.16");

        var error = Assert.Throws<InputException>(() => Sboms.Import([new SbomFile("edited.json", edited)], null, DateTimeOffset.UnixEpoch));
        Assert.Equal("metadata.component", error.Field);
        Assert.Contains("--image", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_SPDX_package_with_a_purl_is_a_package_of_Alpine_3_10()
    {
        var list = Spdx;

        Assert.Equal(SbomFixtures.SpdxPackageCount(SbomFixtures.Read(SbomFixtures.SyftSpdxFile)), list.Packages.Count);
        Assert.All(list.Packages, p => Assert.Equal("Alpine:v3.10", p.Ecosystem));
        Assert.Equal(["busybox", "libssl1.1", "ssl_client"], list.Packages.Select(p => p.Name));
        Assert.Equal("syft (SPDX-2.2)", list.Description);
    }

    [Fact]
    public void SPDX_source_packages_come_from_the_purl_upstream_qualifier()
    {
        var client = Assert.Single(Spdx.Packages, p => p.Name == "ssl_client");
        Assert.Equal(("busybox", null, "1.30.1-r5"), (client.SourceName, client.SourceVersion, client.Version));
        Assert.Null(Assert.Single(Spdx.Packages, p => p.Name == "busybox").SourceName);
        Assert.Equal(["GPL-2.0"], client.Licenses);
    }

    [Fact]
    public void SPDX_layers_come_from_the_layer_comments_of_the_files_a_package_contains()
    {
        var layers = Spdx.Packages.ToDictionary(p => p.Name, p => p.LayerDiffId);

        Assert.Equal(Alpine310Layer, layers["busybox"]);
        Assert.Equal(Alpine310Layer, layers["libssl1.1"]);
        Assert.Null(layers["ssl_client"]); // it contains no file in the document
    }

    [Fact]
    public void The_evidence_file_decides_the_layer_over_contained_files()
    {
        var edited = SbomFixtures.Edit(SbomFixtures.SyftSpdxFile, root =>
        {
            root["files"]!.AsArray().Add(new JsonObject { ["SPDXID"] = "SPDXRef-db", ["fileName"] = "/lib/apk/db/installed", ["comment"] = "layerID: " + OtherLayer });
            root["relationships"]!.AsArray().Add(new JsonObject
            {
                ["spdxElementId"] = "SPDXRef-a61243292e73923",
                ["relationshipType"] = "OTHER",
                ["relatedSpdxElement"] = "SPDXRef-db",
                ["comment"] = "evident-by: indicates the package's existence is evident by the given file",
            });
        });

        var list = Sboms.ReadPackages(edited, "edited.json");
        Assert.Equal(OtherLayer, Assert.Single(list.Packages, p => p.Name == "busybox").LayerDiffId);
        Assert.Equal(Alpine310Layer, Assert.Single(list.Packages, p => p.Name == "libssl1.1").LayerDiffId);
    }

    [Fact]
    public void Files_in_two_layers_leave_the_layer_unknown_and_say_so()
    {
        var edited = SbomFixtures.Edit(SbomFixtures.SyftSpdxFile, root =>
        {
            root["files"]!.AsArray().Add(new JsonObject { ["SPDXID"] = "SPDXRef-late", ["fileName"] = "/bin/sh", ["comment"] = "layerID: " + OtherLayer });
            root["relationships"]!.AsArray().Add(new JsonObject
            {
                ["spdxElementId"] = "SPDXRef-a61243292e73923",
                ["relationshipType"] = "CONTAINS",
                ["relatedSpdxElement"] = "SPDXRef-late",
            });
        });

        var list = Sboms.ReadPackages(edited, "edited.json");
        Assert.Null(Assert.Single(list.Packages, p => p.Name == "busybox").LayerDiffId);
        Assert.Contains(list.Notes, n => n.StartsWith("1 package(s) own files in several layers", StringComparison.Ordinal));
    }

    [Fact]
    public void Old_Syft_SPDX_names_no_image_digest_so_one_must_be_declared()
    {
        var bytes = SbomFixtures.Read(SbomFixtures.SyftSpdxFile);

        var error = Assert.Throws<InputException>(() => Sboms.Import([new SbomFile(SbomFixtures.SyftSpdxFile, bytes)], null, DateTimeOffset.UnixEpoch));
        Assert.Equal(SbomFixtures.SyftSpdxFile, error.Source);
        Assert.Equal("packages", error.Field);
        Assert.Contains("'alpine-3.10'", error.Reason, StringComparison.Ordinal);

        var import = Sboms.Import([new SbomFile(SbomFixtures.SyftSpdxFile, bytes)], SbomFixtures.DeclaredDigest, DateTimeOffset.UnixEpoch);
        Assert.Equal(ImageDigestRole.Declared, Assert.Single(Assert.Single(import.Sboms).Images).Role);
    }

    [Fact]
    public void A_Syft_SPDX_image_root_gives_its_manifest_digest_and_is_not_a_package()
    {
        const string digest = "sha256:3333333333333333333333333333333333333333333333333333333333333333";
        var edited = SbomFixtures.Edit(SbomFixtures.SyftSpdxFile, root =>
        {
            root["spdxVersion"] = "SPDX-2.3";
            root["creationInfo"]!["creators"] = new JsonArray("Organization: Anchore, Inc", "Tool: syft-1.4.1");
            root["packages"]!.AsArray().Add(new JsonObject
            {
                ["SPDXID"] = "SPDXRef-DocumentRoot-Image-alpine",
                ["name"] = "alpine",
                ["primaryPackagePurpose"] = "CONTAINER",
                ["externalRefs"] = new JsonArray(new JsonObject
                {
                    ["referenceCategory"] = "PACKAGE-MANAGER",
                    ["referenceType"] = "purl",
                    ["referenceLocator"] = "pkg:oci/alpine@sha256%3A" + digest[7..] + "?arch=amd64&tag=3.10",
                }),
            });
            root["relationships"]!.AsArray().Add(new JsonObject
            {
                ["spdxElementId"] = "SPDXRef-DOCUMENT",
                ["relationshipType"] = "DESCRIBES",
                ["relatedSpdxElement"] = "SPDXRef-DocumentRoot-Image-alpine",
            });
        });

        var import = Sboms.Import([new SbomFile("edited.json", edited)], null, DateTimeOffset.UnixEpoch);
        var result = Assert.Single(import.Sboms);
        Assert.Equal((digest, ImageDigestRole.Manifest), (result.Images[0].Digest, result.Images[0].Role));
        Assert.Equal(SbomFixtures.SpdxPackageCount(edited), result.Packages);
        Assert.Equal("syft 1.4.1 (SPDX-2.3)", result.Description);
    }
}
