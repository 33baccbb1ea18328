using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.Testing;
using Xunit;

namespace Tether.Server.Tests;

/// <summary>The explorer, recommendation and attack-path API over the demo store, compared with the CLI's own JSON.</summary>
public sealed class ExplorerAndRecommendationApiTests(DemoServer demo) : IClassFixture<DemoServer>
{
    private const string PaymentsDigest = "sha256:87e8b3b9d55f017a21acace182aead00b05ab9281dd83cb2c07f5a62d0610a10";
    private const string ProductionTemplate = "production-images-with-high-vulnerabilities";

    [Fact]
    public async Task The_production_template_returns_the_payments_api_image_and_the_rows_tether_query_returns()
    {
        var api = await demo.GetJsonAsync($"/api/v1/query/templates/{ProductionTemplate}/run");
        var keys = Keys(api);
        Assert.Contains(PaymentsDigest, keys);
        Assert.Equal("images", api.GetProperty("entity").GetString());

        var cli = await TetherProcess.RunAsync("query", "--template", ProductionTemplate, "--db", demo.Db, "--output", "json");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        var expected = JsonDocument.Parse(cli.Stdout).RootElement;
        Assert.Equal(Keys(expected), keys);
        Assert.Equal(expected.GetProperty("total").GetInt32(), api.GetProperty("total").GetInt32());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.GetProperty("rows").GetRawText()), JsonNode.Parse(api.GetProperty("rows").GetRawText())));
    }

    [Fact]
    public async Task The_text_and_the_JSON_form_posted_give_the_same_rows_and_limit_caps_them()
    {
        using var client = demo.Client("viewer");
        using var text = await client.PostAsJsonAsync("/api/v1/query", new { query = "images where running" });
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        var byText = JsonDocument.Parse(await text.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(PaymentsDigest, Keys(byText));

        using var json = await client.PostAsync("/api/v1/query", new StringContent("""{"entity": "images", "where": {"property": "running"}}""", System.Text.Encoding.UTF8, "application/json"));
        var jsonBody = await json.Content.ReadAsStringAsync();
        Assert.True(json.StatusCode == HttpStatusCode.OK, jsonBody);
        Assert.Equal(Keys(byText), Keys(JsonDocument.Parse(jsonBody).RootElement));

        using var limited = await client.PostAsJsonAsync("/api/v1/query?limit=1", new { query = "images where running" });
        var one = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, one.GetProperty("returned").GetInt32());
        Assert.Equal(byText.GetProperty("total").GetInt32(), one.GetProperty("total").GetInt32());
        Assert.Equal(byText.GetProperty("total").GetInt32() > 1, one.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task A_malformed_query_is_400_with_its_line_column_and_excerpt()
    {
        using var client = demo.Client("viewer");
        using var response = await client.PostAsJsonAsync("/api/v1/query", new { query = "images where severity >=" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, problem.GetProperty("line").GetInt32());
        Assert.Equal(25, problem.GetProperty("column").GetInt32());
        Assert.EndsWith(new string(' ', 24) + "^", problem.GetProperty("excerpt").GetString(), StringComparison.Ordinal);

        using var badJson = await client.PostAsync("/api/v1/query", new StringContent("""{"entity": "spaceships"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        var jsonProblem = JsonDocument.Parse(await badJson.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("$", jsonProblem.GetProperty("path").GetString());

        using var unknown = await client.GetAsync("/api/v1/query/templates/no-such-template/run");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_templates_are_listed_with_their_descriptions_and_queries()
    {
        var templates = await demo.GetJsonAsync("/api/v1/query/templates");
        var items = templates.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Core.Explore.QueryTemplates.All.Select(t => t.Name), items.Select(i => i.GetProperty("name").GetString()));
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("description").GetString())));
    }

    [Fact]
    public async Task The_recommendations_equal_tether_recommend_json_and_the_top_one_is_an_issue()
    {
        var cli = await TetherProcess.RunAsync("recommend", "--db", demo.Db, "--output", "json");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        var api = await demo.GetJsonAsync("/api/v1/recommendations");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(cli.Stdout), JsonNode.Parse(api.GetRawText())), api.GetRawText());
        var top = api.GetProperty("recommendations")[0];
        Assert.Equal(1, top.GetProperty("rank").GetInt32());

        using var client = demo.Client("viewer");
        using var issue = await client.GetAsync("/api/v1/recommendations/1/issue");
        Assert.Equal(HttpStatusCode.OK, issue.StatusCode);
        Assert.Equal("text/markdown", issue.Content.Headers.ContentType?.MediaType);
        var markdown = await issue.Content.ReadAsStringAsync();
        Assert.StartsWith("# " + top.GetProperty("title").GetString(), markdown, StringComparison.Ordinal);
        Assert.Contains(top.GetProperty("vulnerabilities")[0].GetProperty("id").GetString()!, markdown, StringComparison.Ordinal);

        using var missing = await client.GetAsync("/api/v1/recommendations/9999/issue");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_attack_paths_equal_tether_paths_json_and_a_bad_severity_is_400()
    {
        var cli = await TetherProcess.RunAsync("paths", "--db", demo.Db, "--output", "json", "--min-severity", "HIGH");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        var api = await demo.GetJsonAsync("/api/v1/attack-paths?minSeverity=high");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(cli.Stdout), JsonNode.Parse(api.GetRawText())), api.GetRawText());
        Assert.NotEmpty(api.GetProperty("paths").EnumerateArray());

        using var client = demo.Client("viewer");
        using var bad = await client.GetAsync("/api/v1/attack-paths?minSeverity=urgent");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var anonymous = demo.Client();
        using var denied = await anonymous.GetAsync("/api/v1/recommendations");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
    }

    private static List<string> Keys(JsonElement result) =>
        [.. result.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("key").GetString()!)];
}
