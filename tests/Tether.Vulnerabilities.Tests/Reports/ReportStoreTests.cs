using Microsoft.Data.Sqlite;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Tether.Vulnerabilities.Reports;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Reports;

/// <summary>Reports stored in a real SQLite store and read back the way <c>tether trace</c> will.</summary>
public sealed class ReportStoreTests : IDisposable
{
    private const string TrivyImage = "ghcr.io/aquasecurity/trivy-test-images@sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string KeycloakDigest = "sha256:347a0d748d05a050dc64b92de2246d2240db6eb38afbc17c3c08d0acb0db1b50";
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task Findings_round_trip_and_a_vulnerability_is_found_by_its_alias()
    {
        var grype = ReportFixtures.Edit(ReportFixtures.Grype, root =>
        {
            foreach (var match in root["matches"]!.AsArray())
            {
                match!["vulnerability"]!["id"] = "GHSA-aaaa-bbbb-cccc";
            }
        });
        var import = ScannerReports.Import(
            [new ReportFile(ReportFixtures.GrypeFile, grype)],
            image: null,
            _clock.GetUtcNow());

        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("tether.db"), _clock);
        await store.IngestAsync(import.Batch);

        var found = Assert.Single(await store.FindNodesByAliasAsync(NodeKinds.Vulnerability, "GHSA-aaaa-bbbb-cccc"));
        var vulnerability = found.Facts<VulnerabilityFacts>();
        Assert.Equal("CVE-2020-12413", vulnerability.Id);
        Assert.Equal(5.9, vulnerability.CvssScore);
        Assert.Equal("nvd", vulnerability.CvssSource);

        var findingEdges = await store.GetEdgesAsync([found.Id], EdgeDirection.Incoming, [EdgeTypes.OfVulnerability]);
        Assert.Equal(import.Findings, findingEdges.Count);
        var findings = await store.GetNodesAsync([.. findingEdges.Select(e => e.FromId)]);
        Assert.All(findings, f => Assert.Equal("LOW", f.Facts<FindingFacts>().Severity));

        var image = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, KeycloakDigest));
        Assert.NotNull(image);
        var hasFinding = await store.GetEdgesAsync([image.Id], EdgeDirection.Outgoing, [EdgeTypes.HasFinding]);
        Assert.Equal(findings.Select(f => f.Id).Order(), hasFinding.Select(e => e.ToId).Order());
        Assert.All(hasFinding, e =>
        {
            Assert.Equal(EvidenceMethods.ScannerReport, e.Method);
            Assert.Equal(ReportFixtures.Sha256(grype), e.Document);
        });
    }

    [Fact]
    public async Task Two_scanners_in_one_batch_and_a_second_ingest_change_no_counts()
    {
        var files = new[]
        {
            new ReportFile(ReportFixtures.TrivyFile, ReportFixtures.Trivy),
            new ReportFile(ReportFixtures.GrypeFile, ReportFixtures.Grype),
        };
        // --image applies to every file: declaring the keycloak digest for both would be wrong, so two imports.
        var trivy = ScannerReports.Import([files[0]], TrivyImage, _clock.GetUtcNow());
        var grype = ScannerReports.Import([files[1]], image: null, _clock.GetUtcNow());

        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("tether.db"), _clock);
        await store.IngestAsync(trivy.Batch);
        await store.IngestAsync(grype.Batch);
        var first = await store.CountAsync();
        Assert.Equal(trivy.Vulnerabilities + grype.Vulnerabilities, first.NodesByKind[NodeKinds.Vulnerability]);
        Assert.Equal(trivy.Findings + grype.Findings, first.NodesByKind[NodeKinds.Finding]);
        Assert.Equal(2, first.NodesByKind[NodeKinds.Image]);
        Assert.Equal(trivy.Batch.Edges.Count + grype.Batch.Edges.Count, first.Edges);

        _clock.Advance(TimeSpan.FromHours(1));
        await store.IngestAsync(ScannerReports.Import([files[1]], image: null, _clock.GetUtcNow()).Batch);
        var second = await store.CountAsync();
        Assert.Equal(first.Edges, second.Edges);
        Assert.Equal(first.NodesByKind, second.NodesByKind);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
