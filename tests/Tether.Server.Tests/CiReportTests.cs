using System.Net;
using System.Text;
using System.Text.Json;
using Tether.Core.Graph;
using Tether.Server.Access;
using Xunit;

namespace Tether.Server.Tests;

/// <summary><c>POST /api/v1/ci/reports</c>: what <c>tether ingest ci-report</c> stores, the same validation, all or nothing.</summary>
public sealed class CiReportTests(DemoServer demo) : IClassFixture<DemoServer>
{
    private static ByteArrayContent Json(byte[] body) => new(body) { Headers = { ContentType = new("application/json") } };

    [Theory]
    [InlineData("ci", "/api/v1/ci/reports")]
    [InlineData(Roles.Analyst, "/api/v1/ci-reports")]
    public async Task A_report_posted_by_a_ci_token_or_an_analyst_is_stored_as_ingest_ci_report_stores_it(string role, string path)
    {
        var repository = "acme/web-" + role;
        using var client = demo.Client(role);
        using var response = await client.PostAsync(path, Json(CiReports.For(repository, runId: role == "ci" ? "111" : "222")));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = JsonDocument.Parse(body).RootElement.GetProperty("stored");
        Assert.True(stored.GetProperty("nodesCreated").GetInt32() > 0, body);

        var image = await demo.Graph.FindNodeAsync(new NodeRef(NodeKinds.Image, CiReports.Digest));
        Assert.NotNull(image);
        var repo = await demo.Graph.FindNodeAsync(new NodeRef(NodeKinds.SourceRepository, "github.com/" + repository));
        Assert.NotNull(repo);
        var built = await demo.Graph.GetEdgesAsync([image.Id], EdgeDirection.Incoming, [EdgeTypes.Built]);
        Assert.Contains(built, e => e.Method == "ci-report" && e.Collector == "ci-report");
    }

    [Theory]
    [InlineData("{", null)]
    [InlineData("""{"schema":"https://tether.dev/ci-report/v1","generatedAt":"2026-01-01T00:00:00Z","run":{"system":"github-actions"},"commit":{"sha":"0123456789abcdef0123456789abcdef01234567"}}""", "$.run")]
    public async Task A_bad_payload_is_400_naming_the_field_and_nothing_is_stored(string payload, string? fieldPrefix)
    {
        var before = await demo.Graph.CountAsync();
        using var client = demo.Client("ci");
        using var response = await client.PostAsync("/api/v1/ci/reports", Json(Encoding.UTF8.GetBytes(payload)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var field = problem.GetProperty("field").GetString()!;
        if (fieldPrefix is not null)
        {
            Assert.StartsWith(fieldPrefix, field, StringComparison.Ordinal);
        }

        Assert.Contains(field, problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        var after = await demo.Graph.CountAsync();
        Assert.Equal(before.NodesByKind, after.NodesByKind);
        Assert.Equal(before.Edges, after.Edges);
    }

    [Fact]
    public async Task A_payload_over_the_limit_is_413_and_nothing_is_stored()
    {
        var before = await demo.Graph.CountAsync();
        using var client = demo.Client("ci");
        var huge = new byte[Pipeline.CiReport.Payload.CiReportJson.MaxBytes + 1];
        Array.Fill(huge, (byte)' ');
        try
        {
            using var response = await client.PostAsync("/api/v1/ci/reports", Json(huge));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        catch (HttpRequestException)
        {
            // The server may answer 413 and close before the client has sent the whole body: a refusal all the same.
        }

        Assert.Equal(before.Edges, (await demo.Graph.CountAsync()).Edges);
    }
}
