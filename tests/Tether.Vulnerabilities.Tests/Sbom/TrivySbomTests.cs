using System.Text.Json.Nodes;
using Tether.Core.Errors;
using Tether.Vulnerabilities.Reports.Normalize;
using Tether.Vulnerabilities.Sbom;
using Tether.Vulnerabilities.Sbom.Normalize;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Sbom;

/// <summary>Trivy's CycloneDX 1.5 and SPDX 2.2 documents of one CentOS 7 image tarball.</summary>
public sealed class TrivySbomTests
{
    private const string Layer = "sha256:89169d87dbe2b72ba42bfbb3579c957322baca28e03a1e558076542a1c1b2b4a";
    private const string RepoDigest = "sha256:be65f488b7764ad3638f236b7b515b3678369a5124c47b8d32916d6487418ea4";

    private static SbomPackageList CycloneDx => Sboms.ReadPackages(SbomFixtures.Read(SbomFixtures.TrivyCycloneDxFile), SbomFixtures.TrivyCycloneDxFile);

    private static SbomPackageList Spdx => Sboms.ReadPackages(SbomFixtures.Read(SbomFixtures.TrivySpdxFile), SbomFixtures.TrivySpdxFile);

    [Fact]
    public void CycloneDX_packages_are_CentOS_7_rpms_with_source_package_and_layer()
    {
        var list = CycloneDx;

        Assert.Equal(SbomFixtures.CycloneDxPackageCount(SbomFixtures.Read(SbomFixtures.TrivyCycloneDxFile)), list.Packages.Count);
        var bash = Assert.Single(list.Packages, p => p.Name == "bash");
        Assert.Equal(
            new SbomPackage("CentOS:7", "bash", "4.2.46-31.el7", "pkg:rpm/centos/bash@4.2.46-31.el7?arch=x86_64&distro=centos-7.6.1810", "rpm", "bash", "4.2.46-31.el7", Layer, bash.Licenses)
            {
                IsOsvEcosystem = false,
            },
            bash);
        Assert.Equal(["GPLv3+"], bash.Licenses);
        Assert.Equal("trivy dev (CycloneDX 1.5)", list.Description);
    }

    [Fact]
    public void The_epoch_qualifier_joins_the_version_and_the_source_version()
    {
        var openssl = Assert.Single(CycloneDx.Packages, p => p.Name == "openssl-libs");

        Assert.Equal("1:1.0.2k-16.el7", openssl.Version);
        Assert.Equal(("openssl", "1:1.0.2k-16.el7"), (openssl.SourceName, openssl.SourceVersion));
        Assert.Equal("CentOS:7|openssl-libs|1:1.0.2k-16.el7", openssl.Key);
    }

    [Fact]
    public void CentOS_is_said_to_have_no_OSV_ecosystem()
    {
        Assert.Contains(CycloneDx.Notes, n => n.Contains("'CentOS:7', which OSV does not define", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tarball_scan_names_only_a_config_digest_so_the_image_must_be_declared()
    {
        var bytes = SbomFixtures.Read(SbomFixtures.TrivyCycloneDxFile);

        var error = Assert.Throws<InputException>(() => Sboms.Import([new SbomFile(SbomFixtures.TrivyCycloneDxFile, bytes)], null, DateTimeOffset.UnixEpoch));
        Assert.Equal("metadata.component", error.Field);
        Assert.Contains("f1cb7c7d58b7 is a config digest", error.Reason, StringComparison.Ordinal);
        Assert.Contains("--image", error.Reason, StringComparison.Ordinal);

        var import = Sboms.Import([new SbomFile(SbomFixtures.TrivyCycloneDxFile, bytes)], SbomFixtures.DeclaredDigest, DateTimeOffset.UnixEpoch);
        Assert.Equal((SbomFixtures.DeclaredDigest, ImageDigestRole.Declared), (import.Sboms[0].Images[0].Digest, import.Sboms[0].Images[0].Role));
    }

    [Fact]
    public void A_RepoDigest_property_keys_the_image_by_repository_digest()
    {
        var edited = SbomFixtures.Edit(SbomFixtures.TrivyCycloneDxFile, root =>
            root["metadata"]!["component"]!["properties"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "aquasecurity:trivy:RepoDigest",
                ["value"] = "ghcr.io/aquasecurity/trivy-test-images@" + RepoDigest,
            }));

        var import = Sboms.Import([new SbomFile("edited.json", edited)], null, DateTimeOffset.UnixEpoch);

        var image = Assert.Single(Assert.Single(import.Sboms).Images);
        Assert.Equal((RepoDigest, ImageDigestRole.Repository), (image.Digest, image.Role));
        Assert.Equal(["ghcr.io/aquasecurity/trivy-test-images"], image.Repositories);
        Assert.Equal(1, import.Images); // never the config digest, never the tag
    }

    [Fact]
    public void SPDX_uses_the_purl_version_when_versionInfo_disagrees_and_says_so()
    {
        var list = Spdx;

        Assert.Equal(SbomFixtures.SpdxPackageCount(SbomFixtures.Read(SbomFixtures.TrivySpdxFile)), list.Packages.Count);
        Assert.Equal(
            [("bash", "4.2.46-31.el7"), ("openssl-libs", "1:1.0.2k-16.el7")],
            list.Packages.Select(p => (p.Name, p.Version)));
        Assert.Contains(list.Notes, n => n.StartsWith("2 package(s) have a version field that disagrees with their purl", StringComparison.Ordinal)
            && n.Contains("bash: version 4.2.46, purl 4.2.46-31.el7", StringComparison.Ordinal));
    }

    [Fact]
    public void SPDX_source_packages_come_from_sourceInfo_and_layers_from_attribution_texts()
    {
        var packages = Spdx.Packages.ToDictionary(p => p.Name);

        Assert.Equal(("bash", "4.2.46-31.el7", Layer), (packages["bash"].SourceName, packages["bash"].SourceVersion, packages["bash"].LayerDiffId));
        Assert.Equal(("openssl-libs", "1:1.0.2k-16.el7", Layer), (packages["openssl-libs"].SourceName, packages["openssl-libs"].SourceVersion, packages["openssl-libs"].LayerDiffId));
        Assert.Equal(["OpenSSL"], packages["openssl-libs"].Licenses);
        Assert.Equal(("centos", "7.6.1810"), (Spdx.OperatingSystem!.Id, Spdx.OperatingSystem.Version));
    }

    [Fact]
    public void The_SPDX_of_a_tarball_scan_names_only_a_config_digest_too()
    {
        var bytes = SbomFixtures.Read(SbomFixtures.TrivySpdxFile);

        var error = Assert.Throws<InputException>(() => Sboms.Import([new SbomFile(SbomFixtures.TrivySpdxFile, bytes)], null, DateTimeOffset.UnixEpoch));
        Assert.Equal("packages", error.Field);
        Assert.Contains("f1cb7c7d58b7 is a config digest", error.Reason, StringComparison.Ordinal);
        Assert.Equal(["sha256:89169d87dbe2b72ba42bfbb3579c957322baca28e03a1e558076542a1c1b2b4a"], Spdx.Image.DiffIds);
        Assert.Equal("integration/testdata/fixtures/images/centos-7.tar.gz", Spdx.Image.Name);
    }

    [Fact]
    public void Newer_Trivy_SPDX_annotations_carry_the_same_layers_and_the_repository_digest()
    {
        // Trivy 0.50+ writes properties as annotations instead of attributionTexts.
        var edited = SbomFixtures.Edit(SbomFixtures.TrivySpdxFile, root =>
        {
            root["spdxVersion"] = "SPDX-2.3";
            foreach (var package in root["packages"]!.AsArray().Select(p => p!.AsObject()))
            {
                if (package["attributionTexts"] is JsonArray texts)
                {
                    var annotations = new JsonArray(texts.Select(t => (JsonNode)new JsonObject
                    {
                        ["annotator"] = "Tool: trivy-0.50.1",
                        ["annotationDate"] = "2024-04-01T00:00:00Z",
                        ["annotationType"] = "OTHER",
                        ["comment"] = t!.GetValue<string>(),
                    }).ToArray());
                    if (package["SPDXID"]!.GetValue<string>().StartsWith("SPDXRef-ContainerImage", StringComparison.Ordinal))
                    {
                        annotations.Add(new JsonObject { ["comment"] = "RepoDigest: ghcr.io/aquasecurity/trivy-test-images@" + RepoDigest });
                    }

                    package.Remove("attributionTexts");
                    package["annotations"] = annotations;
                }
            }
        });

        var import = Sboms.Import([new SbomFile("edited.json", edited)], null, DateTimeOffset.UnixEpoch);
        var list = Sboms.ReadPackages(edited, "edited.json");

        Assert.All(list.Packages, p => Assert.Equal(Layer, p.LayerDiffId));
        Assert.Equal((RepoDigest, ImageDigestRole.Repository), (import.Sboms[0].Images[0].Digest, import.Sboms[0].Images[0].Role));
        Assert.Equal([Layer], list.Image.DiffIds);
        Assert.Equal("sha256:f1cb7c7d58b73eac859c395882eec49d50651244e342cd6c68a5c7809785f427", list.Image.ConfigDigest);
    }

    [Fact]
    public void CycloneDX_and_SPDX_of_one_image_give_the_same_package_keys_and_layers()
    {
        Assert.Equal(CycloneDx.Packages.Select(p => (p.Key, p.LayerDiffId)), Spdx.Packages.Select(p => (p.Key, p.LayerDiffId)));
    }
}
