using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Tether.Core.Access;
using Tether.Core.Advisories;
using Tether.Core.Coordination;
using Tether.Core.Graph;
using Tether.Server;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Web.Tests;

/// <summary>
/// One demo store made by the real <c>tether demo</c>, the expected trace from <c>tether trace -o json</c> of the same
/// store, the server (ServerHost, in-process on 127.0.0.1:0) with fixed tokens, and Debian's Chromium driven by
/// Playwright with a fresh profile. Shared by every browser test: starting a browser costs more than the tests.
/// </summary>
public sealed class UiServer : IAsyncLifetime
{
    public const string DemoCve = "CVE-2024-6119";

    private readonly TempDirectory _dir = new();
    private IGraphStore? _graph;
    private IAdvisoryStore? _advisories;
    private IApiTokenStore? _tokens;
    private ILeaseStore? _leases;
    private readonly Dictionary<string, string> _secrets = [];
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public JsonElement ExpectedTrace { get; private set; }
    public IBrowserContext Browser { get; private set; } = default!;

    /// <summary>The stores the server reads, for measuring the engine beside the page (bench mode).</summary>
    public IGraphStore Graph => _graph!;
    public IAdvisoryStore Advisories => _advisories!;

    /// <summary>The store the server reads: the demo, or <c>TETHER_UI_BENCH_DB</c> in bench mode.</summary>
    public string Db { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Db = Environment.GetEnvironmentVariable("TETHER_UI_BENCH_DB") is { Length: > 0 } bench ? bench : _dir.File("demo.db");
        if (Db == _dir.File("demo.db"))
        {
            var demo = await TetherProcess.RunAsync("demo", "--db", Db, "--output", "json");
            Assert.True(demo.ExitCode == 0, demo.Stderr);
            var trace = await TetherProcess.RunAsync("trace", DemoCve, "--db", Db, "--output", "json");
            Assert.True(trace.ExitCode == 0, trace.Stderr);
            ExpectedTrace = JsonDocument.Parse(trace.Stdout).RootElement.Clone();
        }

        foreach (var role in new[] { TestUsers.Viewer, TestUsers.Analyst, TestUsers.Admin })
        {
            var created = await TetherProcess.RunAsync("token", "create", "--name", $"ui-test-{role}-{Guid.NewGuid():N}", "--role", role, "--db", Db);
            Assert.True(created.ExitCode == 0, created.Stderr);
            _secrets[role] = created.Stdout.Trim();
        }

        _graph = await SqliteGraphStore.OpenAsync(Db, TimeProvider.System);
        _advisories = await SqliteAdvisoryStore.OpenAsync(Db, TimeProvider.System);
        _tokens = await SqliteApiTokenStore.OpenAsync(Db, TimeProvider.System);
        _leases = await SqliteLeaseStore.OpenAsync(Db, TimeProvider.System);
        _app = ServerHost.Build(new ServerSettings(["http://127.0.0.1:0"]), new ServerStores(_graph, _advisories, _tokens, _leases));
        await _app.StartAsync();
        _started = System.Diagnostics.Stopwatch.StartNew();
        BaseUrl = _app.Urls.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchPersistentContextAsync(_dir.File("chromium-profile"), new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            BaseURL = BaseUrl,
            ColorScheme = ColorScheme.Light,
        });
        Browser.SetDefaultTimeout(15_000);
    }

    private System.Diagnostics.Stopwatch? _started;

    /// <summary>How long the server has run (the bench says when a page was first opened: the server warms some reports at start).</summary>
    public TimeSpan Uptime => _started?.Elapsed ?? TimeSpan.Zero;

    /// <summary>The secret of the API token created for a <see cref="TestUsers"/> role.</summary>
    public string Secret(string role) => _secrets[role];

    /// <summary>
    /// A new tab signed in as the user of <paramref name="role"/>. Earlier tests' tabs are closed first (one that reloads
    /// itself, or finishes loading late, would otherwise get fresh cookies between this sign-in's form and its post),
    /// then their cookies cleared.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string role)
    {
        var page = await Browser.NewPageAsync();
        foreach (var earlier in Browser.Pages.Where(p => p != page).ToList())
        {
            await earlier.CloseAsync();
        }

        await Browser.ClearCookiesAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("API token").FillAsync(Secret(role));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(BaseUrl + "/");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_tokens is not null)
        {
            await _tokens.DisposeAsync();
        }

        if (_leases is not null)
        {
            await _leases.DisposeAsync();
        }

        if (_advisories is not null)
        {
            await _advisories.DisposeAsync();
        }

        if (_graph is not null)
        {
            await _graph.DisposeAsync();
        }

        _dir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class UiCollection : ICollectionFixture<UiServer>
{
    public const string Name = "ui";
}
