using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Tether.Testing;
using Xunit;

namespace Tether.Web.Tests;

/// <summary>Following links, the keyboard and the theme toggle, as a user in a browser.</summary>
[Collection(UiCollection.Name)]
public sealed class NavigationTests(UiServer server)
{
    [Fact]
    public async Task The_demo_CVE_leads_from_the_overview_to_its_commit_in_three_clicks_or_fewer()
    {
        var commitUrl = server.ExpectedTrace.GetProperty("findings")[0].GetProperty("source").GetProperty("commitUrl").GetString()!;
        var page = await server.SignedInPageAsync(TestUsers.Viewer);
        // The test machine is offline: the forge answers from here, the browser still navigates to the real URL.
        await page.RouteAsync("https://github.com/**", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<title>commit</title>" }));

        var clicks = 0;
        await page.Locator("[data-top-findings] a[data-trace-link]", new() { HasText = UiServer.DemoCve }).First.ClickAsync();
        clicks++;
        await page.WaitForURLAsync("**/trace?target=" + UiServer.DemoCve);
        await page.Locator("[data-finding] [data-layer=source] [data-commit]").ClickAsync();
        clicks++;
        await page.WaitForURLAsync(commitUrl);
        Assert.Equal(commitUrl, page.Url);
        Assert.True(clicks <= 3);
    }

    [Fact]
    public async Task The_overview_counts_the_running_demo_findings_by_priority_and_lists_the_clusters()
    {
        var page = await server.SignedInPageAsync(TestUsers.Viewer);
        var expected = server.ExpectedTrace.GetProperty("findings").EnumerateArray().ToList();
        // The counts are the recommendation run's, over every running image: the same as `tether recommend` reports.
        var cli = await TetherProcess.RunAsync("recommend", "--db", server.Db, "--output", "json");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        var recommend = JsonDocument.Parse(cli.Stdout).RootElement;
        var byLevel = recommend.GetProperty("findings").GetProperty("byLevel");
        foreach (var level in new[] { "CRITICAL", "HIGH", "MEDIUM", "LOW" })
        {
            Assert.Equal(byLevel.GetProperty(level).GetInt32().ToString(CultureInfo.InvariantCulture), await page.Locator($"[data-level-count={level}] .count").InnerTextAsync());
        }

        // Every running finding of the headline CVE is among them at its level, and in the top findings.
        Assert.True(byLevel.GetProperty("CRITICAL").GetInt32() >= expected.Count(f => f.GetProperty("priority").GetProperty("level").GetString() == "CRITICAL"));
        Assert.Equal(recommend.GetProperty("findings").GetProperty("top").GetArrayLength(), await page.Locator("[data-top-findings] tbody tr").CountAsync());
        Assert.True(await page.Locator("[data-top-findings] a[data-trace-link]", new() { HasText = UiServer.DemoCve }).CountAsync() > 0);
        var topAction = page.Locator("[data-top-actions] li").First;
        Assert.Contains(recommend.GetProperty("recommendations")[0].GetProperty("title").GetString()!, await topAction.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("/recommendations#fix-1-title", await topAction.Locator("a").GetAttributeAsync("href"));
        var rows = await page.Locator("[data-clusters] tbody tr").CountAsync();
        var clusters = expected.SelectMany(f => f.GetProperty("blastRadius").GetProperty("clusters").EnumerateArray().Select(c => c.GetString())).Distinct().Count();
        Assert.Equal(clusters, rows);
        Assert.Equal("50", (await page.Locator("[data-cluster=aks-prod-weu] [data-pods]").InnerTextAsync()).Trim()[..2]);
        Assert.Contains("CI reports", await page.Locator("[data-freshness]").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_main_nav_is_reachable_by_keyboard_after_the_skip_link()
    {
        var page = await server.SignedInPageAsync(TestUsers.Viewer);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Tether", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            names.Add(await page.EvaluateAsync<string>("document.activeElement.textContent"));
        }

        Assert.Equal(["Overview", "Trace", "Inventory", "Explorer", "Recommendations"], names);
        // Focus is visible: the focused link draws an outline.
        Assert.NotEqual("none", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));

        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/inventory");
        Assert.Equal("page", await page.Locator(".main-nav a", new() { HasText = "Inventory" }).GetAttributeAsync("aria-current"));

        // Shortcuts: "g t" opens the trace page, "/" focuses its search box.
        await page.Keyboard.PressAsync("g");
        await page.Keyboard.PressAsync("t");
        await page.WaitForURLAsync("**/trace");
        await page.Keyboard.PressAsync("/");
        Assert.Equal("target", await page.EvaluateAsync<string>("document.activeElement.id"));
    }

    [Fact]
    public async Task The_theme_toggle_switches_to_dark_and_back_and_is_remembered()
    {
        var page = await server.SignedInPageAsync(TestUsers.Viewer);
        var background = "getComputedStyle(document.body).backgroundColor";
        Assert.Equal("rgb(255, 255, 255)", await page.EvaluateAsync<string>(background));
        var toggle = page.Locator("#theme-toggle");
        Assert.Equal("false", await toggle.GetAttributeAsync("aria-pressed"));

        await toggle.ClickAsync();
        Assert.Equal("dark", await page.Locator("html").GetAttributeAsync("data-theme"));
        Assert.Equal("rgb(16, 21, 28)", await page.EvaluateAsync<string>(background));
        Assert.Equal("true", await toggle.GetAttributeAsync("aria-pressed"));

        await page.ReloadAsync();
        Assert.Equal("rgb(16, 21, 28)", await page.EvaluateAsync<string>(background));

        await page.Locator("#theme-toggle").ClickAsync();
        Assert.Equal("rgb(255, 255, 255)", await page.EvaluateAsync<string>(background));
    }

    [Fact]
    public async Task The_inventory_searches_images_and_filters_workloads_by_cluster()
    {
        var page = await server.SignedInPageAsync(TestUsers.Viewer);
        var digest = server.ExpectedTrace.GetProperty("findings")[0].GetProperty("registry").GetProperty("digest").GetString()!;
        await page.GotoAsync("/inventory?tab=images");
        await page.Locator("#q").FillAsync(digest[7..19]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var rows = page.Locator("[data-inventory=images] tbody tr");
        Assert.Equal(1, await rows.CountAsync());
        Assert.Equal(digest, await rows.First.GetAttributeAsync("data-row"));

        await page.GotoAsync("/inventory?tab=workloads&cluster=aks-test-weu");
        var keys = await page.Locator("[data-inventory=workloads] tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.row)");
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.StartsWith("aks-test-weu/", k, StringComparison.Ordinal));
    }
}
