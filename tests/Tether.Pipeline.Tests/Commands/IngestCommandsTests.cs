using Tether.Core.Graph;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Pipeline.Tests.Commands;

[Collection(CommandCollection.Name)]
public sealed class IngestCommandsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static readonly string[] RealProvenance =
    [
        TestData.Shared("provenance", "reusable-workflow-attestation.sigstore.json"),
        TestData.Shared("provenance", "bundle-github-staging.json"),
        TestData.Shared("provenance", "actions-buildtypes-workflow-v1-example.json"),
    ];

    [Fact]
    public async Task Ingest_provenance_stores_every_real_file_as_unverified()
    {
        var db = _dir.File("tether.db");

        Assert.Equal(0, await CommandHarness.RunAsync(["ingest", "provenance", .. RealProvenance, "--db", db, "-o", "json"]));

        await using var store = await SqliteGraphStore.OpenAsync(db, new ManualClock());
        var counts = await store.CountAsync();
        Assert.Equal(3, counts.NodesByKind[NodeKinds.Attestation]);
        Assert.Equal(3, counts.NodesByKind[NodeKinds.PipelineRun]);
        Assert.Equal(2, counts.NodesByKind[NodeKinds.Image]);
        var run = await store.FindNodeAsync(new NodeRef(NodeKinds.PipelineRun, "github-actions:github.com/octocat/hello-world/runs/1536140711/attempts/1"));
        var edges = await store.GetEdgesAsync([run!.Id], EdgeDirection.Outgoing);
        Assert.All(edges, e => Assert.Equal(EvidenceMethods.UnverifiedProvenance, e.Method));
        Assert.Equal([EdgeTypes.Built, EdgeTypes.BuiltFrom], edges.Select(e => e.Type).Order());
    }

    [Fact]
    public async Task One_bad_file_among_good_ones_exits_2_and_stores_nothing()
    {
        var db = _dir.File("tether.db");
        var bad = _dir.File("bad.json");
        File.WriteAllText(bad, "{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":\"https://slsa.dev/provenance/v1\",\"subject\":[]}");

        Assert.Equal(2, await CommandHarness.RunAsync(["ingest", "provenance", RealProvenance[0], bad, "--db", db]));
        Assert.Equal(2, await CommandHarness.RunAsync(["ingest", "provenance", _dir.File("missing.json"), "--db", db]));
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task A_saved_CI_report_is_ingested_and_a_bad_one_refused()
    {
        var env = CommandHarness.WriteEnvironment(_dir, null);
        var saved = _dir.File("report.json");
        var db = _dir.File("tether.db");
        Assert.Equal(0, await CommandHarness.RunAsync(["ci", "report", "--env-file", env, "--image", $"ghcr.io/docker/test-docker-action:master@{CiReport.CiFixtures.Digest}", "--output-file", saved]));
        Assert.False(File.Exists(db));

        var broken = _dir.File("broken.json");
        File.WriteAllText(broken, File.ReadAllText(saved).Replace("\"attempt\": 1", "\"attempt\": 0", StringComparison.Ordinal));
        Assert.Equal(2, await CommandHarness.RunAsync(["ingest", "ci-report", saved, broken, "--db", db]));
        Assert.False(File.Exists(db));

        Assert.Equal(0, await CommandHarness.RunAsync(["ingest", "ci-report", saved, "--db", db]));
        await using var store = await SqliteGraphStore.OpenAsync(db, new ManualClock());
        var image = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, CiReport.CiFixtures.Digest));
        var built = await store.GetEdgesAsync([image!.Id], EdgeDirection.Incoming, [EdgeTypes.Built]);
        Assert.Equal(EvidenceMethods.CiReport, Assert.Single(built).Method);
    }

    public void Dispose()
    {
        CommandHarness.ClearPools();
        _dir.Dispose();
    }
}
