using Microsoft.Data.Sqlite;
using Tether.Core.Graph;
using Tether.Core.Identity;
using Tether.Core.Model;
using Tether.Pipeline.CiReport;
using Tether.Pipeline.CiReport.Payload;
using Tether.Pipeline.Provenance;
using Tether.Pipeline.Tests.CiReport;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Pipeline.Tests.Provenance;

public sealed class ProvenanceNormalizerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    [Fact]
    public void The_attest_demo_bundle_links_attestation_run_image_commit_and_repository_as_unverified()
    {
        var bytes = ProvenanceFixtures.SigstoreV03();
        var batch = ProvenanceIngest.ToBatch(bytes, "attest-demo.json", Now);
        var attestationKey = Digest.Sha256(bytes);
        var attestation = batch.Node<AttestationFacts>(NodeKinds.Attestation, attestationKey);
        var run = batch.Node<PipelineRunFacts>(NodeKinds.PipelineRun, "github-actions:github.com/malancas/attest-demo/runs/9228858953/attempts/1");
        var image = new NodeRef(NodeKinds.Image, "sha256:49a3aa6075e0f49f82843e74b5baa614ad2a588e6675612bf108a0a008c5ac25");
        var commit = new NodeRef(NodeKinds.Commit, "github.com/malancas/attest-demo@95baf27389e83e6a5c48f42e190d48d7abcea19e");

        batch.Edge(attestation.Ref, EdgeTypes.Attests, image);
        batch.Edge(attestation.Ref, EdgeTypes.Describes, run.Ref);
        batch.Edge(run.Ref, EdgeTypes.Built, image);
        batch.Edge(run.Ref, EdgeTypes.BuiltFrom, commit);
        batch.Edge(commit, EdgeTypes.InRepository, new NodeRef(NodeKinds.SourceRepository, "github.com/malancas/attest-demo"));
        Assert.Equal(5, batch.Edges.Count);
        Assert.All(batch.Edges, edge =>
        {
            Assert.Equal(EvidenceMethods.UnverifiedProvenance, edge.Evidence.Method);
            Assert.Equal(attestationKey, edge.Evidence.Document);
            Assert.Equal(Now, edge.Evidence.ObservedAt);
            Assert.Equal("provenance-file", edge.Evidence.Collector);
        });

        Assert.Equal("unverified", attestation.Verification);
        Assert.Equal("sigstore-bundle", attestation.Format);
        Assert.Equal("https://slsa.dev/provenance/v1", attestation.PredicateType);
        Assert.Equal("https://github.com/actions/runner/github-hosted", attestation.BuilderId);
        Assert.Equal("https://token.actions.githubusercontent.com", attestation.SignerIssuer);
        Assert.Equal("96764485", attestation.TransparencyLogIndex);
        Assert.Equal(["sha256:49a3aa6075e0f49f82843e74b5baa614ad2a588e6675612bf108a0a008c5ac25"], attestation.SubjectDigests);
        Assert.Equal(".github/workflows/shared.yml", run.Workflow);
        Assert.Equal("https://github.com/malancas/attest-demo/actions/runs/9228858953/attempts/1", run.Url);
        Assert.Equal("workflow_dispatch", run.Event);
    }

    [Fact]
    public void An_npm_attestation_with_only_a_sha512_subject_links_no_image_but_keeps_run_and_commit()
    {
        var batch = ProvenanceIngest.ToBatch(ProvenanceFixtures.SigstoreV01(), "npm.json", Now);

        Assert.DoesNotContain(batch.Nodes, n => n.Kind == NodeKinds.Image);
        var run = batch.Node<PipelineRunFacts>(NodeKinds.PipelineRun, "github-actions:github.com/sigstore/sigstore-js/runs/4735384265/attempts/1");
        batch.Edge(run.Ref, EdgeTypes.BuiltFrom, new NodeRef(NodeKinds.Commit, "github.com/sigstore/sigstore-js@dae8bd8eb433a4147b4655c00fe73e0f22bc0fb1"));
        var attestation = Assert.IsType<AttestationFacts>(Assert.Single(batch.Nodes, n => n.Kind == NodeKinds.Attestation));
        Assert.Equal("cody@soyland.com", attestation.SignerIdentity);
        Assert.Equal(["pkg:npm/sigstore@1.3.0"], attestation.SubjectNames);
        Assert.StartsWith("sha512:76176ffa", Assert.Single(attestation.SubjectDigests!), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_runs_attempt_the_image_links_straight_to_its_commit()
    {
        var bytes = ProvenanceFixtures.BuildKitV02(new string('a', 64), "https://github.com/docker/test-docker-action/actions/runs/18774637729");
        var batch = ProvenanceIngest.ToBatch(bytes, "bk.json", Now);

        Assert.DoesNotContain(batch.Nodes, n => n.Kind == NodeKinds.PipelineRun);
        batch.Edge(new NodeRef(NodeKinds.Image, "sha256:" + new string('a', 64)), EdgeTypes.BuiltFrom,
            new NodeRef(NodeKinds.Commit, "github.com/docker/test-docker-action@42f57536c4a55a4723772a03ead9da2940abb3d6"));
        var dockerfile = batch.Node<DockerfileFacts>(NodeKinds.Dockerfile, "github.com/docker/test-docker-action@42f57536c4a55a4723772a03ead9da2940abb3d6:build/Dockerfile");
        Assert.Equal("alpine:3.20", dockerfile.BaseImage);
        Assert.Equal(new DockerfileInstruction(2, "RUN", "RUN apk add --no-cache curl"), dockerfile.Instructions![1]);
    }

    [Fact]
    public async Task A_CI_report_and_BuildKit_provenance_of_the_same_run_meet_on_one_run_node()
    {
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("tether.db"), new ManualClock());
        var report = CiReportJson.Serialize(CiReportBuilder.Build(CiReportPayloadTests.GitHubInputs(), Now));
        await store.IngestAsync(CiReportIngest.ToBatch(report, "report.json", Now));
        var provenance = ProvenanceFixtures.BuildKitV02(
            CiFixtures.Digest["sha256:".Length..], "https://github.com/docker/test-docker-action/actions/runs/18774637729/attempts/1");
        await store.IngestAsync(ProvenanceIngest.ToBatch(provenance, "buildkit.json", Now));

        var runs = await store.FindNodesByKeyPrefixAsync(NodeKinds.PipelineRun, "github-actions:", 10);
        var run = Assert.Single(runs);
        Assert.Equal("github-actions:github.com/docker/test-docker-action/runs/18774637729/attempts/1", run.Key);
        var facts = run.Facts<PipelineRunFacts>();
        Assert.Equal("ghutil", facts.WorkflowName);                                        // from the CI report
        Assert.Equal(new DateTimeOffset(2025, 10, 24, 8, 47, 10, 123, TimeSpan.Zero).AddTicks(4567), facts.StartedAt); // from provenance

        var image = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, CiFixtures.Digest));
        var built = (await store.GetEdgesAsync([image!.Id], EdgeDirection.Incoming, [EdgeTypes.Built])).Where(e => e.FromId == run.Id).ToList();
        Assert.Equal([EvidenceMethods.CiReport, EvidenceMethods.UnverifiedProvenance], built.Select(e => e.Method).Order());
        Assert.Single((await store.GetEdgesAsync([image.Id], EdgeDirection.Incoming, [EdgeTypes.Attests])));
    }

    [Fact]
    public async Task The_file_entries_read_the_file_and_name_it_in_evidence_and_errors()
    {
        var batch = await ProvenanceIngest.ToBatchAsync(TestData.Shared("provenance", "actions-buildtypes-workflow-v1-example.json"), Now, CancellationToken.None);
        var attestation = Assert.IsType<AttestationFacts>(Assert.Single(batch.Nodes, n => n.Kind == NodeKinds.Attestation));
        Assert.EndsWith("actions-buildtypes-workflow-v1-example.json", attestation.Source, StringComparison.Ordinal);
        Assert.Equal(5, batch.Edges.Count);

        var missing = _dir.File("missing.json");
        var error = await Assert.ThrowsAsync<Tether.Core.Errors.InputException>(() => CiReportIngest.ToBatchAsync(missing, Now, CancellationToken.None));
        Assert.Equal(missing, error.Source);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
