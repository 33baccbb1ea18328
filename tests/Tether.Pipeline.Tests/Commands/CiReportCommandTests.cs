using System.Net;
using System.Text.Json.Nodes;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Pipeline.Tests.CiReport;
using Tether.Pipeline.Tests.Fakes;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Pipeline.Tests.Commands;

[Collection(CommandCollection.Name)]
public sealed class CiReportCommandTests : IDisposable
{
    private const string RunKey = "github-actions:github.com/docker/test-docker-action/runs/18774637729/attempts/1";
    private readonly TempDirectory _dir = new();

    private string Dockerfile()
    {
        var path = _dir.File("Dockerfile");
        File.WriteAllText(path, "FROM alpine:3.20\nRUN apk add --no-cache curl\n");
        return path;
    }

    private string[] Args(string env, params string[] more) =>
        ["ci", "report", "--env-file", env, "--image", $"ghcr.io/docker/test-docker-action:master@{CiFixtures.Digest}", "--dockerfile", Dockerfile(), .. more];

    [Fact]
    public async Task With_OIDC_the_report_is_POSTed_with_the_GitHub_token_and_stored_when_db_is_given()
    {
        await using var server = await FakeSaasServer.StartAsync();
        var env = CommandHarness.WriteEnvironment(_dir, server.OidcRequestUrl);
        var db = _dir.File("tether.db");
        var saved = _dir.File("payload.json");

        var exit = await CommandHarness.RunAsync(Args(env, "--server", server.Address.ToString(), "--oidc", "--output-file", saved, "--db", db));

        Assert.Equal(0, exit);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(FakeSaasServer.OidcPath + "?api-version=2.0&audience=tether", requests[0].PathAndQuery);
        var post = requests[1];
        Assert.Equal("/api/v1/ci-reports", post.PathAndQuery);
        Assert.Equal("Bearer " + FakeSaasServer.IdToken, post.Authorization);
        Assert.Equal(File.ReadAllBytes(saved), post.Body);
        var payload = JsonNode.Parse(post.Body)!;
        Assert.Equal("https://tether.dev/ci-report/v1", (string?)payload["schema"]);
        Assert.Equal("18774637729", (string?)payload["run"]!["runId"]);
        Assert.Equal("42f57536c4a55a4723772a03ead9da2940abb3d6", (string?)payload["commit"]!["sha"]);
        Assert.Equal("CrazyMax", (string?)payload["commit"]!["authorName"]);
        Assert.Equal(CiFixtures.Digest, (string?)payload["images"]![0]!["digest"]);
        Assert.Equal("alpine:3.20", (string?)payload["dockerfile"]!["baseImage"]);

        await using var store = await SqliteGraphStore.OpenAsync(db, new ManualClock());
        var run = await store.FindNodeAsync(new NodeRef(NodeKinds.PipelineRun, RunKey));
        Assert.Equal("push", run!.Facts<PipelineRunFacts>().Event);
    }

    [Fact]
    public async Task A_scoped_token_comes_from_the_option()
    {
        await using var server = await FakeSaasServer.StartAsync();
        var env = CommandHarness.WriteEnvironment(_dir, null);

        Assert.Equal(0, await CommandHarness.RunAsync(Args(env, "--server", server.Address.ToString(), "--token", "tth_ci_token")));
        Assert.Equal("Bearer tth_ci_token", Assert.Single(server.Requests).Authorization);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task A_server_refusal_exits_4_and_stores_nothing(HttpStatusCode status)
    {
        await using var server = await FakeSaasServer.StartAsync();
        server.ReportStatus = status;
        var env = CommandHarness.WriteEnvironment(_dir, server.OidcRequestUrl);
        var db = _dir.File("tether.db");

        Assert.Equal(4, await CommandHarness.RunAsync(Args(env, "--server", server.Address.ToString(), "--oidc", "--db", db)));
        Assert.Single(server.Requests, r => r.Method == "POST");
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task An_unreachable_server_exits_4_and_stores_nothing()
    {
        var env = CommandHarness.WriteEnvironment(_dir, null);
        var db = _dir.File("tether.db");

        Assert.Equal(4, await CommandHarness.RunAsync(Args(env, "--server", CommandHarness.UnreachableServer().ToString(), "--token", "t", "--db", db)));
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task A_refused_OIDC_token_request_exits_4_before_anything_is_sent()
    {
        await using var server = await FakeSaasServer.StartAsync();
        server.OidcStatus = HttpStatusCode.Forbidden;
        var env = CommandHarness.WriteEnvironment(_dir, server.OidcRequestUrl);

        Assert.Equal(4, await CommandHarness.RunAsync(Args(env, "--server", server.Address.ToString(), "--oidc")));
        Assert.DoesNotContain(server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Usage_errors_exit_2_and_store_nothing()
    {
        var env = CommandHarness.WriteEnvironment(_dir, null);
        var db = _dir.File("tether.db");
        var notCi = _dir.File("laptop.env");
        File.WriteAllText(notCi, "HOME=/home/me\n");

        Assert.Equal(2, await CommandHarness.RunAsync(Args(env, "--server", "http://127.0.0.1:9/")));               // no token
        Assert.Equal(2, await CommandHarness.RunAsync(["ci", "report", "--env-file", notCi, "--db", db]));          // not CI
        Assert.Equal(2, await CommandHarness.RunAsync(["ci", "report", "--env-file", env, "--image", "ghcr.io/a/b:1", "--db", db])); // no digest
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task Without_a_server_the_report_goes_to_the_local_store()
    {
        var env = CommandHarness.WriteEnvironment(_dir, null);
        var db = _dir.File("tether.db");

        Assert.Equal(0, await CommandHarness.RunAsync(Args(env, "--db", db)));

        await using var store = await SqliteGraphStore.OpenAsync(db, new ManualClock());
        var counts = await store.CountAsync();
        Assert.Equal(1, counts.NodesByKind[NodeKinds.PipelineRun]);
        Assert.Equal(1, counts.NodesByKind[NodeKinds.Dockerfile]);
        Assert.Equal(6, counts.Edges);
    }

    public void Dispose()
    {
        CommandHarness.ClearPools();
        _dir.Dispose();
    }
}
