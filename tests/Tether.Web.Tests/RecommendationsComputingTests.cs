using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Recommend;
using Tether.Server;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Tether.Vulnerabilities.Versions;
using Xunit;

namespace Tether.Web.Tests;

/// <summary>
/// The Recommendations page never waits long for a report: the first time, it says the report is being computed and
/// reloads by itself; after a change it shows the last report, dated, while the next is computed. A second server on
/// its own demo store holds its recommender behind a gate to see each state.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class RecommendationsComputingTests(UiServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task The_page_says_a_first_report_is_being_computed_then_shows_the_last_one_while_the_next_is_computed()
    {
        var db = _dir.File("demo.db");
        Assert.Equal(0, (await TetherProcess.RunAsync("demo", "--db", db)).ExitCode);
        var token = await TetherProcess.RunAsync("token", "create", "--name", "computing", "--role", "analyst", "--db", db);
        Assert.True(token.ExitCode == 0, token.Stderr);
        await using var graph = await SqliteGraphStore.OpenAsync(db, TimeProvider.System);
        await using var advisories = await SqliteAdvisoryStore.OpenAsync(db, TimeProvider.System);
        await using var tokens = await SqliteApiTokenStore.OpenAsync(db, TimeProvider.System);
        await using var leases = await SqliteLeaseStore.OpenAsync(db, TimeProvider.System);
        var settings = new ServerSettings(["http://127.0.0.1:0"]);
        await using var app = ServerHost.Build(settings, new ServerStores(graph, advisories, tokens, leases), services =>
            services.AddSingleton(new RecommendationCache(graph, TimeProvider.System, async (query, ct) =>
            {
                await _gate.Task.WaitAsync(ct);
                return await new Recommender(graph, EcosystemVersionOrder.Instance, advisories, settings.Risk).RecommendAsync(query, ct);
            })));
        await app.StartAsync();
        var baseUrl = app.Urls.First().TrimEnd('/');

        await server.Browser.ClearCookiesAsync();
        var page = await server.Browser.NewPageAsync();
        await page.GotoAsync(baseUrl + "/signin");
        await page.GetByLabel("API token").FillAsync(token.Stdout.Trim());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(baseUrl + "/");

        // No report yet (the one computed at start is held): the page says so at once and reloads by itself.
        await page.GotoAsync(baseUrl + "/recommendations");
        Assert.Contains("Computing the fix actions for this view", await page.Locator("[data-computing]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("3", await page.Locator("meta[http-equiv=refresh]").GetAttributeAsync("content"));
        Assert.Equal(0, await page.Locator("[data-scope]").CountAsync());
        _gate.SetResult();
        await Assertions.Expect(page.Locator("[data-scope]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var title = await page.Locator("[data-kind=fix][data-recommendation='1'] [data-title]").InnerTextAsync();
        Assert.Equal(0, await page.Locator("[data-refreshing]").CountAsync());
        Assert.Equal(0, await page.Locator("meta[http-equiv=refresh]").CountAsync());
        var computedAt = await page.Locator("[data-computed-at]").GetAttributeAsync("datetime");

        // The graph changes while the next report is held: the last one is shown, with its time and a note.
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batch = new GraphBatch("test", DateTimeOffset.UtcNow);
        batch.Add(new ImageFacts("sha256:" + new string('c', 64)));
        await graph.IngestAsync(batch);
        await page.GotoAsync(baseUrl + "/recommendations");
        Assert.Equal(1, await page.Locator("[data-refreshing]").CountAsync());
        Assert.Equal(title, await page.Locator("[data-kind=fix][data-recommendation='1'] [data-title]").InnerTextAsync());
        Assert.Equal(computedAt, await page.Locator("[data-computed-at]").GetAttributeAsync("datetime"));

        // Once computed, the new report replaces it.
        _gate.SetResult();
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); await page.Locator("[data-refreshing]").CountAsync() > 0 && wait.Elapsed < TimeSpan.FromSeconds(15); await Task.Delay(100))
        {
            await page.GotoAsync(baseUrl + "/recommendations");
        }

        Assert.Equal(0, await page.Locator("[data-refreshing]").CountAsync());
        Assert.NotEqual(computedAt, await page.Locator("[data-computed-at]").GetAttributeAsync("datetime"));
        await page.CloseAsync();
        await app.StopAsync();
    }

    public void Dispose() => _dir.Dispose();
}
