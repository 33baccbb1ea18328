using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.Core.Graph;
using Tether.Testing;
using Xunit;

namespace Tether.Server.Tests;

/// <summary>The read API over the demo store: the values the demo's sample files hold, and the CLI's own JSON.</summary>
public sealed class ApiTests(DemoServer demo) : IClassFixture<DemoServer>
{
    private const string PaymentsDigest = "sha256:87e8b3b9d55f017a21acace182aead00b05ab9281dd83cb2c07f5a62d0610a10";

    [Fact]
    public async Task The_trace_of_the_demo_CVE_through_the_API_equals_tether_trace_json()
    {
        var cli = await TetherProcess.RunAsync("trace", "CVE-2024-6119", "--db", demo.Db, "--output", "json");
        Assert.Equal(0, cli.ExitCode);
        var api = await demo.GetJsonAsync("/api/v1/trace?target=CVE-2024-6119");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(cli.Stdout), JsonNode.Parse(api.GetRawText())), api.GetRawText());
        var finding = api.GetProperty("findings")[0];
        Assert.Equal(51, finding.GetProperty("blastRadius").GetProperty("pods").GetInt32());
        Assert.Equal(PaymentsDigest, finding.GetProperty("registry").GetProperty("digest").GetString());
    }

    [Fact]
    public async Task A_pod_trace_takes_its_cluster_and_an_unknown_target_is_404()
    {
        var pods = await demo.GetJsonAsync("/api/v1/pods?cluster=aks-test-weu&limit=1");
        var pod = pods.GetProperty("items")[0].GetProperty("facts");
        var target = $"pod/{pod.GetProperty("namespace").GetString()}/{pod.GetProperty("name").GetString()}";
        var trace = await demo.GetJsonAsync($"/api/v1/trace?target={Uri.EscapeDataString(target)}&cluster=aks-test-weu");
        Assert.Equal("pod", trace.GetProperty("target").GetProperty("kind").GetString());
        Assert.Equal(PaymentsDigest, trace.GetProperty("images")[0].GetProperty("digest").GetString());

        using var client = demo.Client("viewer");
        using var missing = await client.GetAsync("/api/v1/trace?target=CVE-1999-0001");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var noTarget = await client.GetAsync("/api/v1/trace");
        Assert.Equal(HttpStatusCode.BadRequest, noTarget.StatusCode);
        Assert.Equal("target", JsonDocument.Parse(await noTarget.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Pods_page_by_cursor_without_overlap_or_loss_and_filter_by_cluster()
    {
        var keys = new List<string>();
        string? cursor = null;
        do
        {
            var page = await demo.GetJsonAsync("/api/v1/pods?limit=20" + (cursor is null ? "" : "&cursor=" + cursor));
            keys.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        var stored = await demo.Graph.ListNodesAsync(NodeKinds.Pod, null, 1_000);
        Assert.Equal(stored.Where(n => n.IsCurrent).Select(n => n.Key), keys);
        Assert.Equal(keys.Count, keys.Distinct().Count());

        var test = await demo.GetJsonAsync("/api/v1/pods?cluster=aks-test-weu");
        Assert.Equal(keys.Count(k => k.StartsWith("aks-test-weu/", StringComparison.Ordinal)), test.GetProperty("items").GetArrayLength());
        Assert.All(test.GetProperty("items").EnumerateArray(), i => Assert.Equal("aks-test-weu", i.GetProperty("facts").GetProperty("cluster").GetString()));
    }

    [Fact]
    public async Task Inventory_search_matches_keys_and_images_are_found_by_digest()
    {
        var workloads = await demo.GetJsonAsync("/api/v1/workloads?q=PAYMENTS-API");
        var found = workloads.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()!).ToList();
        Assert.NotEmpty(found);
        Assert.All(found, k => Assert.Contains("payments-api", k, StringComparison.Ordinal));
        Assert.Contains("aks-prod-weu/payments/Deployment/payments-api", found);

        var clusters = await demo.GetJsonAsync("/api/v1/clusters");
        Assert.Equal(["aks-prod-weu", "aks-test-weu"], clusters.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()));

        var image = await demo.GetJsonAsync($"/api/v1/images/{PaymentsDigest}");
        Assert.Equal("image", image.GetProperty("kind").GetString());
        Assert.Equal(PaymentsDigest, image.GetProperty("key").GetString());
        using var client = demo.Client("viewer");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/images/latest")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/images/sha256:" + new string('0', 64))).StatusCode);
    }

    [Fact]
    public async Task Limit_is_capped_and_a_foreign_cursor_is_a_bad_request()
    {
        var pods = await demo.GetJsonAsync("/api/v1/pods?limit=100000");
        Assert.Equal(52, pods.GetProperty("items").GetArrayLength());
        using var client = demo.Client("viewer");
        using var response = await client.GetAsync("/api/v1/pods?cursor=!!!");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("cursor", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Running_findings_come_highest_priority_first_and_filter_by_severity_priority_and_cluster()
    {
        var all = (await demo.GetJsonAsync("/api/v1/findings")).GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(all);
        var scores = all.Select(f => f.GetProperty("priority").GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        var headline = Assert.Single(all, f => f.GetProperty("vulnerability").GetString() == "CVE-2024-6119" && f.GetProperty("package").GetString() == "libssl3");
        Assert.Equal("MEDIUM", headline.GetProperty("severity").GetString());
        Assert.Equal("CRITICAL", headline.GetProperty("priority").GetProperty("level").GetString());
        Assert.Equal(51, headline.GetProperty("pods").GetInt32());

        var medium = (await demo.GetJsonAsync("/api/v1/findings?severity=medium")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(all.Count(f => f.GetProperty("severity").GetString() == "MEDIUM"), medium.Count);
        var low = (await demo.GetJsonAsync("/api/v1/findings?priority=LOW")).GetProperty("items").EnumerateArray().ToList();
        Assert.All(low, f => Assert.Equal("LOW", f.GetProperty("priority").GetProperty("level").GetString()));
        var test = (await demo.GetJsonAsync("/api/v1/findings?cluster=aks-test-weu")).GetProperty("items").EnumerateArray().ToList();
        Assert.All(test, f => Assert.Contains("aks-test-weu", f.GetProperty("clusters").EnumerateArray().Select(c => c.GetString())));
        Assert.Empty((await demo.GetJsonAsync("/api/v1/findings?cluster=nowhere")).GetProperty("items").EnumerateArray());

        var first = await demo.GetJsonAsync("/api/v1/findings?limit=1");
        var second = await demo.GetJsonAsync("/api/v1/findings?limit=1&cursor=" + first.GetProperty("nextCursor").GetString());
        Assert.Equal(all[1].GetRawText(), second.GetProperty("items")[0].GetRawText());

        using var client = demo.Client("viewer");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/findings?severity=urgent")).StatusCode);
    }

    [Fact]
    public async Task Vulnerability_workloads_match_tether_vuln_workloads()
    {
        var cli = await TetherProcess.RunAsync("vuln", "workloads", "CVE-2024-6119", "--db", demo.Db, "--output", "json");
        Assert.Equal(0, cli.ExitCode);
        var api = await demo.GetJsonAsync("/api/v1/vulnerabilities/CVE-2024-6119/workloads");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(cli.Stdout), JsonNode.Parse(api.GetRawText())), api.GetRawText());
        Assert.Equal(2, api.GetProperty("workloads").GetArrayLength());
    }

    [Fact]
    public async Task Finding_events_answer_with_the_window_and_reject_an_unknown_change()
    {
        var events = await demo.GetJsonAsync("/api/v1/findings/events?since=2000-01-01T00:00:00Z");
        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), events.GetProperty("since").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Array, events.GetProperty("events").ValueKind);
        using var client = demo.Client("viewer");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/findings/events?change=maybe")).StatusCode);
    }

    [Fact]
    public async Task Status_counts_are_the_store_counts()
    {
        var status = await demo.GetJsonAsync("/api/v1/status");
        var counts = await demo.Graph.CountAsync();
        Assert.Equal(counts.Edges, status.GetProperty("edges").GetInt64());
        Assert.Equal(52, status.GetProperty("nodes").GetProperty("pod").GetInt64());
        Assert.Equal(counts.NodesByKind["image"], status.GetProperty("nodes").GetProperty("image").GetInt64());
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_API_without_a_token()
    {
        using var client = demo.Client();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/v1/trace", "/api/v1/pods", "/api/v1/findings", "/api/v1/ci/reports", "/api/v1/vulnerabilities/{id}/workloads", "/api/v1/tokens" })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task Metrics_count_requests_by_route_and_status_and_show_the_store()
    {
        using var anonymous = demo.Client();
        await anonymous.GetAsync("/api/v1/clusters");
        await demo.GetJsonAsync("/api/v1/clusters");
        var text = await anonymous.GetStringAsync("/metrics");
        Assert.Matches(@"tether_http_requests_total\{route=""/api/v1/clusters"",method=""GET"",status=""401""\} [1-9]", text);
        Assert.Matches(@"tether_http_requests_total\{route=""/api/v1/clusters"",method=""GET"",status=""200""\} [1-9]", text);
        Assert.Contains("tether_http_request_duration_seconds_bucket{route=\"/api/v1/clusters\",le=\"+Inf\"}", text, StringComparison.Ordinal);
        Assert.Contains("tether_store_nodes{kind=\"pod\"} 52", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_readiness_answer_without_a_token()
    {
        using var client = demo.Client();
        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        Assert.Equal("ready", await client.GetStringAsync("/readyz"));
    }
}
