using System.Text.Json;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Vulnerabilities.Reports;
using Tether.Vulnerabilities.Reports.Normalize;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Reports;

/// <summary>Grype v0.66 scanning docker.io/keycloak/keycloak:21.0.2@sha256:347a0d74… (RHEL 9 rpm matches).</summary>
public sealed class GrypeReportTests
{
    private const string RepoDigest = "sha256:347a0d748d05a050dc64b92de2246d2240db6eb38afbc17c3c08d0acb0db1b50";
    private const string ManifestDigest = "sha256:d1630d3eb8285a978301bcefc5b223e564ae300750af2fc9ea3f413c5376a47e";
    private const string ConfigDigest = "sha256:8cf8fd2be2ded92962d52adff75ad06a4c30f69c66facbdf223364c6c9e33b8c";
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_repo_digest_keys_the_image_because_the_manifest_digest_was_rebuilt_from_docker_save()
    {
        var import = Import(ReportFixtures.Grype);
        var result = Assert.Single(import.Reports);
        var image = Assert.Single(result.Images);
        Assert.Equal(RepoDigest, image.Digest);
        Assert.Equal(ImageDigestRole.Repository, image.Role);
        Assert.Equal(["docker.io/keycloak/keycloak"], image.Repositories);
        Assert.Equal(RepoDigest, Assert.Single(TrivyReportTests.Nodes<ImageFacts>(import.Batch)).Digest);
        Assert.Contains(result.Notes, note => note.Contains(ManifestDigest, StringComparison.Ordinal) && note.Contains("docker-save", StringComparison.Ordinal));
    }

    [Fact]
    public void The_embedded_manifest_lists_gzip_layers_under_the_configs_diff_ids()
    {
        // The fact the digest rule rests on, checked here from the fixture itself.
        using var json = ReportFixtures.Json(ReportFixtures.Grype);
        var target = json.RootElement.GetProperty("source").GetProperty("target");
        Assert.Equal(ManifestDigest, target.GetProperty("manifestDigest").GetString());
        var manifestBytes = Convert.FromBase64String(target.GetProperty("manifest").GetString()!);
        Assert.Equal(ManifestDigest, ReportFixtures.Sha256(manifestBytes));
        using var manifest = JsonDocument.Parse(manifestBytes);
        using var config = JsonDocument.Parse(Convert.FromBase64String(target.GetProperty("config").GetString()!));
        var diffIds = config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()).ToList();
        var layers = manifest.RootElement.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(diffIds, layers.Select(l => l.GetProperty("digest").GetString()));
        Assert.All(layers, l => Assert.EndsWith("tar.gzip", l.GetProperty("mediaType").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Every_match_becomes_a_finding_with_the_reported_values()
    {
        var import = Import(ReportFixtures.Grype);
        using var json = ReportFixtures.Json(ReportFixtures.Grype);
        var matches = json.RootElement.GetProperty("matches").EnumerateArray().ToList();
        var distinct = matches.Select(m => (m.GetProperty("artifact").GetProperty("purl").GetString(), m.GetProperty("vulnerability").GetProperty("id").GetString())).Distinct().Count();

        var findings = TrivyReportTests.Nodes<FindingFacts>(import.Batch);
        Assert.Equal(distinct, findings.Count);
        Assert.Equal(distinct, import.Findings);
        // nspr is vulnerable through its source package nss: grype says how it matched, and Tether keeps it.
        var nspr = Assert.Single(findings, f => f.PackageName == "nspr");
        Assert.Equal(("nss@3.79.0-17.el9_1", "rpm-matcher exact-indirect-match"), (nspr.SourcePackage, nspr.MatchedBy));
        var nss = Assert.Single(findings, f => f.PackageName == "nss");
        Assert.Equal((null, "rpm-matcher exact-direct-match"), (nss.SourcePackage, nss.MatchedBy));

        foreach (var match in matches)
        {
            var artifact = match.GetProperty("artifact");
            var purl = artifact.GetProperty("purl").GetString()!;
            var finding = Assert.Single(findings, f => f.Purl == purl);
            Assert.Equal($"{RepoDigest}|{purl}|CVE-2020-12413", finding.Key);
            Assert.Equal(artifact.GetProperty("name").GetString(), finding.PackageName);
            Assert.Equal(artifact.GetProperty("version").GetString(), finding.InstalledVersion);
            Assert.Equal(artifact.GetProperty("locations")[0].GetProperty("layerID").GetString(), finding.LayerDiffId);
            Assert.Equal("rpm", finding.PackageType);
            Assert.Equal("LOW", finding.Severity); // Red Hat's rating for RHEL 9, as grype reports it
            Assert.Null(finding.FixedVersion);
            Assert.Equal("wont-fix", finding.FixState);
            var upstream = artifact.GetProperty("upstreams").EnumerateArray().Select(u => $"{u.GetProperty("name")}@{u.GetProperty("version")}").FirstOrDefault();
            Assert.Equal(upstream, finding.SourcePackage);
            var detail = match.GetProperty("matchDetails")[0];
            Assert.Equal($"{detail.GetProperty("matcher")} {detail.GetProperty("type")}", finding.MatchedBy);
            Assert.Equal("redhat:distro:redhat:9", finding.DataSource);
            Assert.Equal("/var/lib/rpm/rpmdb.sqlite", finding.PackagePath);
            Assert.Equal(ConfigDigest, finding.ImageConfigDigest);
            Assert.Equal("grype 0.66.0", finding.ReportedBy);
            Assert.Equal(new DateTimeOffset(2023, 9, 1, 8, 13, 42, 201, TimeSpan.FromHours(-4)).AddTicks(9400), finding.ScannedAt);
        }
    }

    [Fact]
    public void The_vulnerability_takes_nvds_severity_and_score_from_the_related_record()
    {
        var vulnerability = Assert.Single(TrivyReportTests.Nodes<VulnerabilityFacts>(Import(ReportFixtures.Grype).Batch));
        Assert.Equal("CVE-2020-12413", vulnerability.Id);
        Assert.Equal("MEDIUM", vulnerability.Severity);
        Assert.Equal("nvd", vulnerability.SeveritySource);
        Assert.Equal(5.9, vulnerability.CvssScore);
        Assert.Equal("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", vulnerability.CvssVector);
        Assert.Equal("nvd", vulnerability.CvssSource);
        Assert.Equal("https://access.redhat.com/security/cve/CVE-2020-12413", vulnerability.Url);
        Assert.Null(vulnerability.AliasIds); // the related record has the same id
    }

    [Fact]
    public void A_manifest_digest_the_report_does_not_contradict_is_linked_first_with_the_image_content()
    {
        // Without the embedded manifest nothing shows the digest was rebuilt locally: it is taken as reported.
        var report = ReportFixtures.Edit(ReportFixtures.Grype, root => root["source"]!["target"]!.AsObject().Remove("manifest"));
        var import = Import(report);
        var result = Assert.Single(import.Reports);
        Assert.Equal([ManifestDigest, RepoDigest], result.Images.Select(i => i.Digest));
        Assert.Equal([ImageDigestRole.Manifest, ImageDigestRole.Repository], result.Images.Select(i => i.Role));

        var images = TrivyReportTests.Nodes<ImageFacts>(import.Batch);
        var manifest = Assert.Single(images, i => i.Digest == ManifestDigest);
        Assert.Equal(ConfigDigest, manifest.ConfigDigest);
        Assert.Equal("linux/amd64", manifest.Platform);
        Assert.Equal("application/vnd.docker.distribution.manifest.v2+json", manifest.MediaType);
        Assert.Equal(4, manifest.DiffIds!.Count);
        Assert.Null(Assert.Single(images, i => i.Digest == RepoDigest).ConfigDigest);

        Assert.All(TrivyReportTests.Nodes<FindingFacts>(import.Batch), f => Assert.Equal(ManifestDigest, f.ImageDigest));
        var hasFinding = import.Batch.Edges.Where(e => e.Type == EdgeTypes.HasFinding).ToList();
        Assert.Equal(2 * import.Findings, hasFinding.Count);
        Assert.Equal(import.Findings, hasFinding.Count(e => e.From.Key == RepoDigest));
    }

    [Fact]
    public void A_GHSA_with_one_related_CVE_is_keyed_by_the_CVE_and_found_by_the_GHSA()
    {
        var report = ReportFixtures.Edit(ReportFixtures.Grype, root =>
        {
            foreach (var match in root["matches"]!.AsArray())
            {
                match!["vulnerability"]!["id"] = "GHSA-aaaa-bbbb-cccc";
            }
        });
        var vulnerability = Assert.Single(TrivyReportTests.Nodes<VulnerabilityFacts>(Import(report).Batch));
        Assert.Equal("CVE-2020-12413", vulnerability.Id);
        Assert.Equal(["GHSA-aaaa-bbbb-cccc"], vulnerability.Aliases);
    }

    [Fact]
    public void Declaring_the_reported_digest_keeps_the_report_digests()
    {
        var import = ScannerReports.Import([new ReportFile(ReportFixtures.GrypeFile, ReportFixtures.Grype)], "keycloak/keycloak@" + RepoDigest, Now);
        var image = Assert.Single(Assert.Single(import.Reports).Images);
        Assert.Equal(ImageDigestRole.Repository, image.Role);
        Assert.Equal(ImageDigestRules.ReportedConfidence, image.Confidence);
    }

    [Fact]
    public void Declaring_another_digest_overrides_the_report_and_says_so()
    {
        const string other = "sha256:3333333333333333333333333333333333333333333333333333333333333333";
        var import = ScannerReports.Import([new ReportFile(ReportFixtures.GrypeFile, ReportFixtures.Grype)], other, Now);
        var result = Assert.Single(import.Reports);
        Assert.Equal(other, Assert.Single(result.Images).Digest);
        Assert.Contains(result.Notes, n => n.Contains("overrides", StringComparison.Ordinal) && n.Contains(RepoDigest, StringComparison.Ordinal));
        Assert.All(TrivyReportTests.Nodes<FindingFacts>(import.Batch), f => Assert.Equal(other, f.ImageDigest));
    }

    [Fact]
    public void The_single_report_entry_point_returns_the_same_batch()
    {
        var batch = ScannerReports.ToGraphBatch(ReportFixtures.Grype, ReportFixtures.GrypeFile, image: null, Now);
        Assert.Equal("report-file", batch.Collector);
        Assert.Equal(Now, batch.ObservedAt);
        Assert.Equal(
            Import(ReportFixtures.Grype).Batch.Nodes.Select(n => n.Ref.ToString()).Order(StringComparer.Ordinal),
            batch.Nodes.Select(n => n.Ref.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(12, batch.Edges.Count); // 6 has_finding + 6 of_vulnerability
    }

    private static ReportImport Import(byte[] report) =>
        ScannerReports.Import([new ReportFile(ReportFixtures.GrypeFile, report)], image: null, Now);
}
