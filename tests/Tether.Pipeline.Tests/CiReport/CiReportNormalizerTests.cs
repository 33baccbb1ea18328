using Microsoft.Data.Sqlite;
using Tether.Core.Graph;
using Tether.Core.Identity;
using Tether.Core.Model;
using Tether.Core.Trace;
using Tether.Pipeline.CiReport;
using Tether.Pipeline.CiReport.Payload;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Pipeline.Tests.CiReport;

public sealed class CiReportNormalizerTests : IDisposable
{
    private const string RunKey = "github-actions:github.com/docker/test-docker-action/runs/18774637729/attempts/1";
    private const string Sha = "42f57536c4a55a4723772a03ead9da2940abb3d6";
    private const string Repository = "github.com/docker/test-docker-action";
    private readonly TempDirectory _dir = new();

    private static (GraphBatch Batch, byte[] Bytes) Normalize()
    {
        var bytes = CiReportJson.Serialize(CiReportBuilder.Build(CiReportPayloadTests.GitHubInputs(), CiReportPayloadTests.Now));
        return (CiReportIngest.ToBatch(bytes, "report.json", CiReportPayloadTests.Now), bytes);
    }

    [Fact]
    public void The_run_built_the_image_from_the_commit_with_ci_report_evidence_on_every_edge()
    {
        var (batch, bytes) = Normalize();
        var run = batch.Node<PipelineRunFacts>(NodeKinds.PipelineRun, RunKey);
        var commit = new NodeRef(NodeKinds.Commit, $"{Repository}@{Sha}");
        var image = new NodeRef(NodeKinds.Image, CiFixtures.Digest);

        batch.Edge(run.Ref, EdgeTypes.Built, image);
        batch.Edge(run.Ref, EdgeTypes.BuiltFrom, commit);
        batch.Edge(commit, EdgeTypes.InRepository, new NodeRef(NodeKinds.SourceRepository, Repository));
        batch.Edge(new NodeRef(NodeKinds.ImageReference, "ghcr.io/docker/test-docker-action:master"), EdgeTypes.ResolvesTo, image);
        Assert.Equal(6, batch.Edges.Count);
        Assert.All(batch.Edges, edge =>
        {
            Assert.Equal(EvidenceMethods.CiReport, edge.Evidence.Method);
            Assert.Equal(0.9, edge.Evidence.Confidence);
            Assert.Equal("ci-report", edge.Evidence.Collector);
            Assert.Equal(Digest.Sha256(bytes), edge.Evidence.Document);
            Assert.Equal(CiReportPayloadTests.Now, edge.Evidence.ObservedAt);
        });

        Assert.Equal(".github/workflows/ghutil.yml", run.Workflow);
        Assert.Equal("ghutil", run.WorkflowName);
        Assert.Equal("push", run.Event);
        Assert.Equal("refs/heads/master", run.GitRef);
        Assert.Equal("https://github.com/docker/test-docker-action/actions/runs/18774637729/attempts/1", run.Url);
        Assert.Equal(Repository, run.Repository);
        Assert.Equal("github-hosted", run.RunnerEnvironment);
        Assert.Null(run.StartedAt);
    }

    [Fact]
    public void The_dockerfile_is_keyed_by_repository_commit_and_path_and_sits_at_the_commit()
    {
        var (batch, _) = Normalize();
        var dockerfile = batch.Node<DockerfileFacts>(NodeKinds.Dockerfile, $"{Repository}@{Sha}:build/Dockerfile");

        batch.Edge(new NodeRef(NodeKinds.PipelineRun, RunKey), EdgeTypes.UsedDockerfile, dockerfile.Ref);
        batch.Edge(dockerfile.Ref, EdgeTypes.AtCommit, new NodeRef(NodeKinds.Commit, $"{Repository}@{Sha}"));
        Assert.Equal("node:20-alpine", dockerfile.BaseImage);
        Assert.Equal(".", dockerfile.BuildContext);
        Assert.Equal([new DockerfileFrom(2, "node:20-alpine", "deps", null), new DockerfileFrom(4, "deps", null, null)], dockerfile.Stages);
        Assert.Equal(new DockerfileInstruction(3, "RUN", "RUN npm ci"), dockerfile.Instructions![2]);
    }

    [Fact]
    public void An_Azure_run_is_keyed_by_collection_project_build_and_attempt()
    {
        var inputs = new CiReportInputs { Environment = CiFixtures.AzureEnvironment(), ImageArguments = [$"acr.example.azurecr.io/web:20250115.3@{CiFixtures.Digest}"] };
        var bytes = CiReportJson.Serialize(CiReportBuilder.Build(inputs, CiReportPayloadTests.Now));
        var batch = CiReportIngest.ToBatch(bytes, "azure.json", CiReportPayloadTests.Now);

        var run = batch.Node<PipelineRunFacts>(NodeKinds.PipelineRun, "azure-pipelines:dev.azure.com/fabrikam/Fabrikam Fiber/runs/4711/attempts/2");
        var commit = batch.Node<CommitFacts>(NodeKinds.Commit, "dev.azure.com/fabrikam/Fabrikam Fiber/_git/web@a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
        batch.Edge(run.Ref, EdgeTypes.BuiltFrom, commit.Ref);
        Assert.Equal("web-ci", run.Workflow);
        Assert.Equal("Bump base image to debian:12.5", commit.Message);
    }

    [Fact]
    public async Task Stored_twice_the_report_is_one_set_of_nodes_and_edges()
    {
        var path = _dir.File("tether.db");
        await using var store = await SqliteGraphStore.OpenAsync(path, new ManualClock());
        var first = await store.IngestAsync(Normalize().Batch);
        var second = await store.IngestAsync(Normalize().Batch);

        Assert.Equal(6, first.NodesCreated);
        Assert.Equal(0, second.NodesCreated);
        var counts = await store.CountAsync();
        Assert.Equal(6, counts.Edges);
        var commit = await store.FindNodeAsync(new NodeRef(NodeKinds.Commit, $"{Repository}@{Sha}"));
        Assert.Equal("CrazyMax", commit!.Facts<CommitFacts>().Author);
    }

    [Fact]
    public async Task An_old_report_ingested_late_does_not_move_the_tag_back_to_its_digest()
    {
        var made = CiReportPayloadTests.Now.AddDays(-2);
        var synced = CiReportPayloadTests.Now.AddDays(-1);
        const string Newer = "sha256:9999999999999999999999999999999999999999999999999999999999999999";
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("late.db"), new ManualClock());
        // The registry showed the tag on another digest at T1 …
        var registry = new GraphBatch("registry-sync", synced);
        var tag = registry.Add(new ImageReferenceFacts("ghcr.io", "docker/test-docker-action", "master"));
        var newer = registry.Add(new ImageFacts(Newer));
        registry.Link(tag, EdgeTypes.ResolvesTo, newer, new Evidence("registry-sync", EvidenceMethods.RegistryManifest, 1.0, synced, Newer));
        await store.IngestAsync(registry);
        // … then a report made at T0 < T1, pushing the tag to the fixture digest, arrives now.
        var bytes = CiReportJson.Serialize(CiReportBuilder.Build(CiReportPayloadTests.GitHubInputs(), made));
        await store.IngestAsync(CiReportIngest.ToBatch(bytes, "late.json", CiReportPayloadTests.Now));

        var tagNode = await store.FindNodeAsync(tag.Ref);
        var edges = await store.GetEdgesAsync([tagNode!.Id], EdgeDirection.Outgoing, [EdgeTypes.ResolvesTo]);
        Assert.Equal(made, Assert.Single(edges, e => e.Method == EvidenceMethods.CiReport).LastSeen);
        Assert.Equal(synced, Assert.Single(edges, e => e.Method == EvidenceMethods.RegistryManifest).LastSeen);
        var trace = await new TraceEngine(store).TraceAsync("ghcr.io/docker/test-docker-action:master");
        Assert.Equal(Newer, trace.Target.Resolved);
    }

    [Fact]
    public void A_report_from_a_clock_ahead_of_ours_is_observed_at_ingest_time()
    {
        var bytes = CiReportJson.Serialize(CiReportBuilder.Build(CiReportPayloadTests.GitHubInputs(), CiReportPayloadTests.Now.AddHours(3)));

        var batch = CiReportIngest.ToBatch(bytes, "ahead.json", CiReportPayloadTests.Now);

        Assert.All(batch.Edges, edge => Assert.Equal(CiReportPayloadTests.Now, edge.Evidence.ObservedAt));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
