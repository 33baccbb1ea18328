using System.Globalization;
using System.Text.Json;
using Xunit;

namespace Tether.Web.Tests;

/// <summary>The trace page of the demo's headline CVE shows what <c>tether trace -o json</c> says, layer by layer.</summary>
[Collection(UiCollection.Name)]
public sealed class TraceViewTests(UiServer server)
{
    /// <summary>The finding the page details first: highest priority, then vulnerability id, then package name.</summary>
    private JsonElement ExpectedFinding() =>
        server.ExpectedTrace.GetProperty("findings").EnumerateArray()
            .OrderByDescending(f => f.GetProperty("priority").GetProperty("score").GetDouble())
            .ThenBy(f => f.GetProperty("vulnerability").GetProperty("id").GetString(), StringComparer.Ordinal)
            .ThenBy(f => f.GetProperty("package").GetProperty("name").GetString(), StringComparer.Ordinal)
            .First();

    [Fact]
    public async Task The_demo_CVE_trace_shows_all_four_layers_with_the_values_of_tether_trace_json()
    {
        var expected = ExpectedFinding();
        var page = await server.SignedInPageAsync(TestUsers.Viewer);
        await page.GotoAsync("/trace?target=" + UiServer.DemoCve);
        var finding = page.Locator("[data-finding]");

        Assert.Equal(UiServer.DemoCve, await finding.Locator("[data-vulnerability]").InnerTextAsync());
        var runtime = finding.Locator("[data-layer=runtime]");
        var blast = expected.GetProperty("blastRadius");
        Assert.Equal(blast.GetProperty("pods").GetInt32().ToString(CultureInfo.InvariantCulture), await runtime.Locator("[data-pods]").InnerTextAsync());
        Assert.Equal(string.Join(", ", blast.GetProperty("clusters").EnumerateArray().Select(c => c.GetString())), await runtime.Locator("[data-clusters]").InnerTextAsync());

        var registry = expected.GetProperty("registry");
        Assert.Equal(registry.GetProperty("digest").GetString(), await finding.Locator("[data-layer=registry] [data-digest]").InnerTextAsync());
        var tags = await finding.Locator("[data-layer=registry] [data-reference]").AllInnerTextsAsync();
        Assert.Equal(registry.GetProperty("references").EnumerateArray().Select(r => r.GetProperty("reference").GetString()!).Order(), tags.Select(t => t.Trim()).Order());

        var pipeline = expected.GetProperty("pipeline");
        var run = finding.Locator("[data-layer=pipeline] [data-ci-run]");
        Assert.Equal(pipeline.GetProperty("url").GetString(), await run.GetAttributeAsync("href"));
        Assert.Equal("run #" + pipeline.GetProperty("runNumber").GetString(), await run.InnerTextAsync());
        Assert.Equal(pipeline.GetProperty("workflow").GetString(), await finding.Locator("[data-layer=pipeline] [data-workflow]").InnerTextAsync());

        var source = expected.GetProperty("source");
        var commit = finding.Locator("[data-layer=source] [data-commit]");
        Assert.Equal(source.GetProperty("commit").GetString(), await commit.InnerTextAsync());
        Assert.Equal(source.GetProperty("commitUrl").GetString(), await commit.GetAttributeAsync("href"));
        var dockerfile = source.GetProperty("dockerfile");
        var line = finding.Locator("[data-layer=source] [data-dockerfile-line]");
        Assert.Equal(dockerfile.GetProperty("url").GetString(), await line.GetAttributeAsync("href"));
        Assert.Equal($"{dockerfile.GetProperty("path").GetString()} line {dockerfile.GetProperty("line").GetInt32()}", await line.InnerTextAsync());
        Assert.Equal(dockerfile.GetProperty("instruction").GetString(), await finding.Locator("[data-instruction]").InnerTextAsync());

        // Each link's evidence is one click away.
        var evidence = finding.Locator("[data-layer=pipeline] details.evidence");
        await evidence.Locator("summary").ClickAsync();
        var pipelineEvidence = pipeline.GetProperty("evidence");
        Assert.Contains(pipelineEvidence.GetProperty("collector").GetString()!, await evidence.InnerTextAsync());
        Assert.Contains(pipelineEvidence.GetProperty("document").GetString()!, await evidence.InnerTextAsync());
    }

    [Fact]
    public async Task The_blast_radius_and_priority_match_tether_trace_json()
    {
        var expected = ExpectedFinding();
        var page = await server.SignedInPageAsync(TestUsers.Viewer);
        await page.GotoAsync("/trace?target=" + UiServer.DemoCve);
        var blastCard = page.Locator("[data-finding] [data-blast-radius]");
        var blast = expected.GetProperty("blastRadius");
        Assert.Equal(blast.GetProperty("pods").GetInt32().ToString(CultureInfo.InvariantCulture), await blastCard.Locator("[data-blast-pods]").InnerTextAsync());
        Assert.Equal(blast.GetProperty("workloads").GetInt32().ToString(CultureInfo.InvariantCulture), await blastCard.Locator("[data-blast-workloads]").InnerTextAsync());
        Assert.Equal($"{blast.GetProperty("internetExposedPods").GetInt32()} internet-exposed", await blastCard.Locator("[data-blast-exposed]").InnerTextAsync());

        // The graph: one pod node per workload whose counts add up to the pods, exposed ones marked, one node per cluster.
        var graph = blastCard.Locator("svg[data-graph]");
        var podNodes = await graph.Locator("g.node[data-node^='p:'] text:not(.sub)").AllTextContentsAsync();
        Assert.Equal(blast.GetProperty("pods").GetInt32(), podNodes.Sum(t => int.Parse(t.Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture)));
        Assert.Equal(blast.GetProperty("workloads").GetInt32(), podNodes.Count);
        Assert.True(await graph.Locator("g.node.exposed[data-node^='p:']").CountAsync() > 0);
        var clusters = await graph.Locator("g.node[data-node^='c:'] text:not(.sub)").AllTextContentsAsync();
        Assert.Equal(blast.GetProperty("clusters").EnumerateArray().Select(c => c.GetString()!), clusters);

        var priority = expected.GetProperty("priority");
        Assert.Equal(priority.GetProperty("level").GetString(), await page.Locator("[data-finding] h2 [data-level]").InnerTextAsync());
        Assert.Equal(priority.GetProperty("score").GetDouble().ToString("0.#", CultureInfo.InvariantCulture), await page.Locator("[data-finding] [data-score]").InnerTextAsync());
        var factors = page.Locator("[data-factors] tbody tr");
        Assert.Equal(priority.GetProperty("factors").GetArrayLength(), await factors.CountAsync());
        foreach (var factor in priority.GetProperty("factors").EnumerateArray())
        {
            var row = page.Locator($"[data-factors] tr[data-factor='{factor.GetProperty("name").GetString()}']");
            Assert.Contains(factor.GetProperty("value").GetString()!, await row.InnerTextAsync());
        }
    }

    [Fact]
    public async Task An_unknown_target_says_so_instead_of_showing_a_trace()
    {
        var page = await server.SignedInPageAsync(TestUsers.Viewer);
        await page.GotoAsync("/trace?target=CVE-1999-0001");
        Assert.Contains("CVE-1999-0001", await page.Locator("[data-trace-error]").InnerTextAsync());
        Assert.Equal(0, await page.Locator("[data-finding]").CountAsync());
    }
}
