using System.Text.Json.Nodes;
using Tether.Core.Errors;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Vulnerabilities.Reports;
using Tether.Vulnerabilities.Reports.Normalize;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Reports;

/// <summary>Trivy's report of an image tarball (ghcr.io/aquasecurity/trivy-test-images:alpine-310).</summary>
public sealed class TrivyReportTests
{
    // Declared for the tests: the tarball report names no digest, so the user must give one.
    private const string DeclaredDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Declared = "ghcr.io/aquasecurity/trivy-test-images:alpine-310@" + DeclaredDigest;
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_tarball_report_without_repo_digests_is_refused_and_the_message_says_to_pass_image()
    {
        using (var json = ReportFixtures.Json(ReportFixtures.Trivy))
        {
            Assert.False(json.RootElement.GetProperty("Metadata").TryGetProperty("RepoDigests", out _));
        }

        var error = Assert.Throws<InputException>(() =>
            ScannerReports.Import([new ReportFile(ReportFixtures.TrivyFile, ReportFixtures.Trivy)], image: null, Now));
        Assert.Equal(ReportFixtures.TrivyFile, error.Source);
        Assert.Equal("Metadata.RepoDigests", error.Field);
        Assert.Contains("--image REF@sha256:", error.Message, StringComparison.Ordinal);
        Assert.Contains("961769676411", error.Message, StringComparison.Ordinal); // the config digest, named as such
    }

    [Fact]
    public void Every_vulnerability_entry_becomes_one_finding_on_the_declared_digest()
    {
        var import = Import(ReportFixtures.Trivy);
        using var json = ReportFixtures.Json(ReportFixtures.Trivy);
        var entries = json.RootElement.GetProperty("Results").EnumerateArray()
            .SelectMany(r => r.GetProperty("Vulnerabilities").EnumerateArray())
            .ToList();
        var distinct = entries.Select(e => (Purl: e.GetProperty("PkgIdentifier").GetProperty("PURL").GetString(), Id: e.GetProperty("VulnerabilityID").GetString())).Distinct().ToList();

        var findings = Nodes<FindingFacts>(import.Batch);
        Assert.Equal(distinct.Count, findings.Count);
        Assert.Equal(distinct.Count, import.Findings);
        Assert.Equal(entries.Select(e => e.GetProperty("VulnerabilityID").GetString()).Distinct().Count(), import.Vulnerabilities);
        Assert.Equal(1, import.Images);

        foreach (var entry in entries)
        {
            var purl = entry.GetProperty("PkgIdentifier").GetProperty("PURL").GetString()!;
            var id = entry.GetProperty("VulnerabilityID").GetString()!;
            var finding = Assert.Single(findings, f => f.Purl == purl && f.VulnerabilityId == id);
            Assert.Equal(DeclaredDigest, finding.ImageDigest);
            Assert.Equal($"{DeclaredDigest}|{purl}|{id}", finding.Key);
            Assert.Equal(entry.GetProperty("PkgName").GetString(), finding.PackageName);
            Assert.Equal(entry.GetProperty("InstalledVersion").GetString(), finding.InstalledVersion);
            Assert.Equal(entry.GetProperty("FixedVersion").GetString(), finding.FixedVersion);
            Assert.Equal(entry.GetProperty("Severity").GetString(), finding.Severity);
            Assert.Equal(entry.GetProperty("Layer").GetProperty("DiffID").GetString(), finding.LayerDiffId);
        }
    }

    [Fact]
    public void Findings_carry_the_values_of_the_report()
    {
        var findings = Nodes<FindingFacts>(Import(ReportFixtures.Trivy).Batch);
        var finding = Assert.Single(findings, f => f.PackageName == "libssl1.1" && f.VulnerabilityId == "CVE-2019-1551");
        Assert.Equal("1.1.1c-r0", finding.InstalledVersion);
        Assert.Equal("1.1.1d-r2", finding.FixedVersion);
        Assert.Equal("fixed", finding.FixState);
        Assert.Equal("MEDIUM", finding.Severity);
        Assert.Equal("alpine", finding.PackageType);
        Assert.Equal("alpine", finding.DataSource);
        Assert.Equal("pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2", finding.Purl);
        Assert.Equal("sha256:03901b4a2ea88eeaad62dbe59b072b28b6efa00491962b8741081c5df50c65e0", finding.LayerDiffId);
        Assert.Equal("sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4", finding.ImageConfigDigest);
        Assert.Equal("trivy dev", finding.ReportedBy);
        Assert.Equal(new DateTimeOffset(2021, 8, 25, 12, 20, 30, TimeSpan.Zero), finding.ScannedAt);
    }

    [Fact]
    public void The_vulnerability_takes_the_nvd_rating_and_says_so()
    {
        var vulnerability = Assert.Single(Nodes<VulnerabilityFacts>(Import(ReportFixtures.Trivy).Batch), v => v.Id == "CVE-2019-1549");
        Assert.Equal("MEDIUM", vulnerability.Severity);
        Assert.Equal("nvd", vulnerability.SeveritySource);
        Assert.Equal(5.3, vulnerability.CvssScore);
        Assert.Equal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", vulnerability.CvssVector);
        Assert.Equal("nvd", vulnerability.CvssSource);
        Assert.Equal("openssl: information disclosure in fork()", vulnerability.Title);
        Assert.Equal("https://avd.aquasec.com/nvd/cve-2019-1549", vulnerability.Url);
        Assert.Null(vulnerability.AliasIds);
    }

    [Fact]
    public void Without_an_nvd_score_the_vendor_score_is_used_and_named()
    {
        var report = ReportFixtures.Edit(ReportFixtures.Trivy, root =>
        {
            foreach (var v in Vulnerabilities(root))
            {
                v["CVSS"]!.AsObject().Remove("nvd");
                v["VendorSeverity"]!.AsObject().Remove("nvd");
                v["SeveritySource"] = "redhat";
                v["Severity"] = "LOW";
            }
        });
        var vulnerability = Assert.Single(Nodes<VulnerabilityFacts>(Import(report).Batch), v => v.Id == "CVE-2019-1549");
        Assert.Equal(4.8, vulnerability.CvssScore);
        Assert.Equal("CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N", vulnerability.CvssVector);
        Assert.Equal("redhat", vulnerability.CvssSource);
        Assert.Equal("LOW", vulnerability.Severity);
        Assert.Equal("redhat", vulnerability.SeveritySource);
    }

    [Fact]
    public void VendorIDs_become_aliases_of_the_vulnerability()
    {
        var report = ReportFixtures.Edit(ReportFixtures.Trivy, root =>
        {
            foreach (var v in Vulnerabilities(root).Where(v => (string?)v["VulnerabilityID"] == "CVE-2019-1549"))
            {
                v["VendorIDs"] = new JsonArray("ELSA-2020-1840");
            }
        });
        var vulnerability = Assert.Single(Nodes<VulnerabilityFacts>(Import(report).Batch), v => v.Id == "CVE-2019-1549");
        Assert.Equal(["ELSA-2020-1840"], vulnerability.AliasIds);
    }

    [Fact]
    public void Edges_link_image_to_finding_to_vulnerability_with_the_report_as_evidence()
    {
        var import = Import(ReportFixtures.Trivy);
        var document = ReportFixtures.Sha256(ReportFixtures.Trivy);
        var hasFinding = import.Batch.Edges.Where(e => e.Type == EdgeTypes.HasFinding).ToList();
        var ofVulnerability = import.Batch.Edges.Where(e => e.Type == EdgeTypes.OfVulnerability).ToList();
        Assert.Equal(import.Findings, hasFinding.Count);
        Assert.Equal(import.Findings, ofVulnerability.Count);
        Assert.All(hasFinding, e =>
        {
            Assert.Equal(new NodeRef(NodeKinds.Image, DeclaredDigest), e.From);
            Assert.Equal(ImageDigestRules.DeclaredConfidence, e.Evidence.Confidence);
        });
        Assert.All(import.Batch.Edges, e =>
        {
            Assert.Equal(EvidenceMethods.ScannerReport, e.Evidence.Method);
            Assert.Equal("report-file", e.Evidence.Collector);
            Assert.Equal(document, e.Evidence.Document);
            Assert.Equal(Now, e.Evidence.ObservedAt);
        });
        var result = Assert.Single(import.Reports);
        Assert.Equal(ImageDigestRole.Declared, Assert.Single(result.Images).Role);
        Assert.Equal(["ghcr.io/aquasecurity/trivy-test-images"], result.Images[0].Repositories);
    }

    [Fact]
    public void Repo_digests_in_the_report_are_used_without_image_and_the_config_id_is_never_a_key()
    {
        const string repoDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
        var report = ReportFixtures.Edit(ReportFixtures.Trivy, root =>
            root["Metadata"]!["RepoDigests"] = new JsonArray($"ghcr.io/aquasecurity/trivy-test-images@{repoDigest}", "<none>@<none>"));
        var import = ScannerReports.Import([new ReportFile(ReportFixtures.TrivyFile, report)], image: null, Now);

        var image = Assert.Single(Nodes<ImageFacts>(import.Batch));
        Assert.Equal(repoDigest, image.Digest);
        Assert.Null(image.ConfigDigest); // a repository digest may be an index, which has no config
        Assert.All(import.Batch.Edges.Where(e => e.Type == EdgeTypes.HasFinding), e => Assert.Equal(ImageDigestRules.ReportedConfidence, e.Evidence.Confidence));
        Assert.DoesNotContain(import.Batch.Nodes, n => n.Key.Contains("961769676411", StringComparison.Ordinal));
    }

    [Fact]
    public void The_image_option_must_carry_a_digest_not_only_a_tag()
    {
        var error = Assert.Throws<InputException>(() =>
            ScannerReports.Import([new ReportFile(ReportFixtures.TrivyFile, ReportFixtures.Trivy)], "ghcr.io/aquasecurity/trivy-test-images:alpine-310", Now));
        Assert.Equal("--image", error.Source);
        Assert.Contains("no digest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_digest_is_accepted_as_the_image()
    {
        var import = ScannerReports.Import([new ReportFile(ReportFixtures.TrivyFile, ReportFixtures.Trivy)], DeclaredDigest, Now);
        Assert.Equal(DeclaredDigest, Assert.Single(Nodes<ImageFacts>(import.Batch)).Digest);
    }

    private static ReportImport Import(byte[] report) =>
        ScannerReports.Import([new ReportFile(ReportFixtures.TrivyFile, report)], Declared, Now);

    internal static List<T> Nodes<T>(GraphBatch batch) where T : NodeFacts => [.. batch.Nodes.OfType<T>()];

    private static IEnumerable<JsonObject> Vulnerabilities(JsonObject root) =>
        root["Results"]!.AsArray().SelectMany(r => r!["Vulnerabilities"]!.AsArray()).Select(v => v!.AsObject());
}
