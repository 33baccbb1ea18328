using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Server.Access;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Server.Tests;

/// <summary>
/// The demo store (loaded by the real <c>tether demo</c>), a token per role, and <c>tether serve</c>'s app on Kestrel
/// at 127.0.0.1 with an ephemeral port. Shared by a test class; tests that write use their own store.
/// </summary>
public sealed class DemoServer : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private WebApplication? _app;

    public string Db => _dir.File("tether.db");
    public Uri BaseAddress { get; private set; } = null!;
    public IGraphStore Graph { get; private set; } = null!;
    public IAdvisoryStore Advisories { get; private set; } = null!;
    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Settings to serve with; a test class may derive and change them before start.</summary>
    public Func<ServerSettings, ServerSettings> Configure { get; init; } = s => s;

    public IReadOnlyList<Action<RouteGroupBuilder>> ExtraGroups { get; init; } = [];

    public async Task InitializeAsync()
    {
        var demo = await TetherProcess.RunAsync("demo", "--db", Db, "--output", "json");
        Assert.True(demo.ExitCode == 0, demo.Stderr);
        await StartAsync(Db);
    }

    public async Task StartAsync(string db)
    {
        var time = TimeProvider.System;
        Graph = await SqliteGraphStore.OpenAsync(db, time);
        Advisories = await SqliteAdvisoryStore.OpenAsync(db, time);
        var tokens = await SqliteApiTokenStore.OpenAsync(db, time);
        var leases = await SqliteLeaseStore.OpenAsync(db, time);
        var issuer = new TokenIssuer(tokens, time);
        foreach (var role in new[] { Roles.Viewer, Roles.Analyst, Roles.Admin })
        {
            Tokens[role] = (await issuer.CreateAsync(role, role, [], TimeSpan.FromDays(1), default)).Secret;
        }

        Tokens["ci"] = (await issuer.CreateAsync("ci", Roles.Viewer, [AccessClaims.CiReportScope], null, default)).Secret;
        Tokens["revoked"] = (await issuer.CreateAsync("revoked", Roles.Admin, [], null, default)).Secret;
        await issuer.RevokeAsync("revoked", default);

        var settings = Configure(new ServerSettings(["http://127.0.0.1:0"]));
        _app = ServerHost.Build(settings, new ServerStores(Graph, Advisories, tokens, leases), null, ExtraGroups);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
    }

    public HttpClient Client(string? role = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.TryGetValue(role, out var t) ? t : role);
        }

        return client;
    }

    public async Task<JsonElement> GetJsonAsync(string path, string role = Roles.Viewer)
    {
        using var client = Client(role);
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _dir.Dispose();
    }
}
