using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Tether.Testing;
using Xunit;

namespace Tether.Web.Tests;

/// <summary>The explorer and recommendations pages over the demo, compared with <c>tether query</c> and <c>tether recommend</c>.</summary>
[Collection(UiCollection.Name)]
public sealed class ExplorerAndRecommendationsPageTests(UiServer server)
{
    private const string ProductionTemplate = "production-images-with-high-vulnerabilities";

    [Fact]
    public async Task A_template_runs_in_one_click_with_the_rows_of_tether_query_and_its_URL_runs_it_again()
    {
        var cli = await TetherProcess.RunAsync("query", "--template", ProductionTemplate, "--db", server.Db, "--output", "json");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        var expected = Keys(JsonDocument.Parse(cli.Stdout).RootElement);
        Assert.NotEmpty(expected);

        var page = await server.SignedInPageAsync(TestUsers.Viewer);
        await page.GotoAsync("/explorer");
        await page.Locator($"[data-template='{ProductionTemplate}'] a").ClickAsync();
        await page.WaitForURLAsync(server.BaseUrl + "/explorer?template=" + ProductionTemplate);
        Assert.Equal(expected, await RowKeysAsync(page));
        Assert.Equal(expected.Count.ToString(CultureInfo.InvariantCulture), await page.Locator("[data-total]").InnerTextAsync());
        Assert.Equal(1, await page.Locator("svg[data-graph=explorer-graph]").CountAsync());

        // The URL is the query: opened again (a shared link) it shows the same rows.
        var shared = await server.Browser.NewPageAsync();
        await shared.GotoAsync(page.Url);
        Assert.Equal(expected, await RowKeysAsync(shared));
        await shared.CloseAsync();

        // A typed query goes to ?q=… and back into the box.
        const string text = "images where running";
        await page.Locator("[data-query]").FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("q=", StringComparison.Ordinal));
        Assert.Equal(text, Uri.UnescapeDataString(new Uri(page.Url).Query.Split("q=")[1].Replace('+', ' ')));
        Assert.Equal(text, await page.Locator("[data-query]").InputValueAsync());
        var running = await TetherProcess.RunAsync("query", text, "--db", server.Db, "--output", "json");
        Assert.Equal(Keys(JsonDocument.Parse(running.Stdout).RootElement), await RowKeysAsync(page));
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_malformed_query_shows_its_line_and_column_under_the_box()
    {
        var page = await server.SignedInPageAsync(TestUsers.Viewer);
        await page.GotoAsync("/explorer?q=" + Uri.EscapeDataString("images where severity >="));
        var error = page.Locator("[data-query-error]");
        Assert.Equal("25", await error.GetAttributeAsync("data-column"));
        var message = await error.InnerTextAsync();
        Assert.StartsWith("1:25: expected a value after '>='", message, StringComparison.Ordinal);
        Assert.EndsWith(new string(' ', 24) + "^", message.TrimEnd('\n'), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-results]").CountAsync());
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_recommendations_page_shows_the_top_action_with_its_command_and_copy_as_issue_for_analysts_only()
    {
        var cli = await TetherProcess.RunAsync("recommend", "--db", server.Db, "--output", "json");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        var top = JsonDocument.Parse(cli.Stdout).RootElement.GetProperty("recommendations")[0];
        var title = top.GetProperty("title").GetString()!;

        var analyst = await server.SignedInPageAsync(TestUsers.Analyst);
        await analyst.GotoAsync("/recommendations");
        var card = analyst.Locator("[data-kind=fix][data-recommendation='1']");
        Assert.Equal(title, await card.Locator("[data-title]").InnerTextAsync());
        var commands = top.GetProperty("change").GetProperty("commands").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.NotEmpty(commands);
        Assert.Equal(string.Join("\n", commands), await card.Locator("[data-command]").InnerTextAsync());
        Assert.Equal(string.Join(", ", top.GetProperty("vulnerabilities").EnumerateArray().Select(v => v.GetProperty("id").GetString())), await card.Locator("[data-cves]").InnerTextAsync());
        Assert.Equal(top.GetProperty("pods").GetInt32().ToString(CultureInfo.InvariantCulture), await card.Locator("[data-pods]").InnerTextAsync());
        Assert.Equal(top.GetProperty("owner").GetProperty("repository").GetString(), await card.Locator("[data-owner]").InnerTextAsync());
        var where = top.GetProperty("where");
        var line = card.Locator("[data-dockerfile-line]");
        Assert.Equal(where.GetProperty("url").GetString(), await line.GetAttributeAsync("href"));
        Assert.Equal($"{where.GetProperty("dockerfilePath").GetString()} line {where.GetProperty("line").GetInt32()}", await line.InnerTextAsync());
        Assert.Equal(top.GetProperty("workloads").GetArrayLength(), await card.Locator("[data-workload]").CountAsync());

        // The issue body is not in the page: the button fetches it and puts it on the clipboard; the link shows it.
        await analyst.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = server.BaseUrl });
        var copy = card.GetByRole(AriaRole.Button, new() { Name = "Copy as issue" });
        Assert.True(await copy.IsVisibleAsync());
        await analyst.EvaluateAsync("navigator.clipboard.writeText('')");
        await copy.ClickAsync();
        var copied = "";
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); copied.Length == 0 && wait.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(50))
        {
            copied = await analyst.EvaluateAsync<string>("navigator.clipboard.readText()");
        }

        Assert.StartsWith("# " + title + "\n\n## What", copied, StringComparison.Ordinal);
        Assert.Contains(where.GetProperty("url").GetString()!, copied, StringComparison.Ordinal);
        Assert.All(top.GetProperty("vulnerabilities").EnumerateArray(), v => Assert.Contains(v.GetProperty("id").GetString()!, copied, StringComparison.Ordinal));
        Assert.Contains(top.GetProperty("id").GetString()!, copied, StringComparison.Ordinal);
        var link = await card.Locator("[data-issue-link]").GetAttributeAsync("href");
        var served = await analyst.Context.APIRequest.GetAsync(server.BaseUrl + link);
        Assert.Equal(200, served.Status);
        Assert.Equal(copied, await served.TextAsync());
        var noFix = analyst.Locator("[data-kind=nofix] [data-issue-link]");
        if (await noFix.CountAsync() > 0)
        {
            Assert.StartsWith("# No fix available", await (await analyst.Context.APIRequest.GetAsync(server.BaseUrl + await noFix.First.GetAttributeAsync("href"))).TextAsync(), StringComparison.Ordinal);
        }

        var unknown = await analyst.Context.APIRequest.GetAsync(server.BaseUrl + "/recommendations/rec-000000000000/issue");
        Assert.Equal(404, unknown.Status);
        Assert.Contains("rec-000000000000", await unknown.TextAsync(), StringComparison.Ordinal);
        await analyst.CloseAsync();

        var viewer = await server.SignedInPageAsync(TestUsers.Viewer);
        await viewer.GotoAsync("/recommendations");
        Assert.Equal(title, await viewer.Locator("[data-kind=fix][data-recommendation='1'] [data-title]").InnerTextAsync());
        Assert.Equal(0, await viewer.Locator("[data-action=copy-issue]").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-issue-link]").CountAsync());
        Assert.Equal(403, (await viewer.Context.APIRequest.GetAsync(server.BaseUrl + link)).Status);
        await viewer.CloseAsync();
    }

    private static List<string> Keys(JsonElement result) =>
        [.. result.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("key").GetString()!)];

    private static async Task<List<string>> RowKeysAsync(IPage page) =>
        [.. (await page.Locator("[data-results] tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('data-row'))"))];
}
