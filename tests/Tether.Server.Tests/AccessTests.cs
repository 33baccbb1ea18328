using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tether.Server.Access;
using Xunit;

namespace Tether.Server.Tests;

/// <summary>Bearer tokens and roles: 401 without or with a bad token, 403 below the role, and no trace of either in the data.</summary>
public sealed class AccessTests(DemoServer demo) : IClassFixture<DemoServer>
{
    [Theory]
    [InlineData(null)]
    [InlineData("tth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("revoked")]
    [InlineData("not-a-token")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.e30.c2ln")]
    public async Task Api_calls_without_a_valid_token_are_401_with_a_bearer_challenge(string? token)
    {
        using var client = demo.Client(token);
        using var response = await client.GetAsync("/api/v1/status");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_basic_authorization_header_is_401()
    {
        using var client = demo.Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("a:b"u8.ToArray()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/status")).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var clock = new Tether.Testing.ManualClock(DateTimeOffset.UtcNow.AddDays(-10));
        await using var tokens = await Storage.Sqlite.SqliteApiTokenStore.OpenAsync(demo.Db, clock);
        var issued = await new TokenIssuer(tokens, clock).CreateAsync("expired-" + Guid.NewGuid().ToString("N")[..8], Roles.Admin, [], TimeSpan.FromDays(1), default);
        using var client = demo.Client(issued.Secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/status")).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Viewer, HttpStatusCode.OK)]
    [InlineData(Roles.Analyst, HttpStatusCode.OK)]
    [InlineData(Roles.Admin, HttpStatusCode.OK)]
    [InlineData("ci", HttpStatusCode.Forbidden)]
    public async Task Every_role_reads_the_API_but_a_ci_scoped_token_does_not(string role, HttpStatusCode expected)
    {
        using var client = demo.Client(role);
        Assert.Equal(expected, (await client.GetAsync("/api/v1/clusters")).StatusCode);
    }

    [Fact]
    public async Task A_viewer_may_neither_post_a_CI_report_nor_manage_tokens_and_nothing_is_stored()
    {
        var before = await demo.Graph.CountAsync();
        var tokensBefore = (await demo.GetJsonAsync("/api/v1/tokens", Roles.Admin)).GetArrayLength();
        using var viewer = demo.Client(Roles.Viewer);
        using var anonymous = demo.Client();
        foreach (var client in new[] { viewer, anonymous })
        {
            using var report = await client.PostAsync("/api/v1/ci/reports", new ByteArrayContent(CiReports.For("acme/web")) { Headers = { ContentType = new("application/json") } });
            using var alias = await client.PostAsync("/api/v1/ci-reports", new ByteArrayContent(CiReports.For("acme/web")) { Headers = { ContentType = new("application/json") } });
            using var token = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "sneaky", role = "admin" });
            using var revoke = await client.DeleteAsync("/api/v1/tokens/admin");
            var expected = client == viewer ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
            Assert.Equal([expected, expected, expected, expected], new[] { report.StatusCode, alias.StatusCode, token.StatusCode, revoke.StatusCode });
        }

        using var analyst = demo.Client(Roles.Analyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/v1/tokens")).StatusCode);

        var after = await demo.Graph.CountAsync();
        Assert.Equal(before.Edges, after.Edges);
        Assert.Equal(before.NodesByKind, after.NodesByKind);
        var tokensAfter = await demo.GetJsonAsync("/api/v1/tokens", Roles.Admin);
        Assert.Equal(tokensBefore, tokensAfter.GetArrayLength());
        Assert.DoesNotContain(tokensAfter.EnumerateArray(), t => t.GetProperty("name").GetString() == "sneaky");
        Assert.Contains(tokensAfter.EnumerateArray(), t => t.GetProperty("name").GetString() == "admin" && t.GetProperty("revokedAt").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task An_admin_creates_a_token_that_works_at_once_and_stops_working_when_revoked()
    {
        using var admin = demo.Client(Roles.Admin);
        using var created = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "dashboard", role = "viewer", expiresInDays = 30 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var secret = body.GetProperty("secret").GetString()!;
        Assert.StartsWith(TokenSecrets.Prefix, secret, StringComparison.Ordinal);
        Assert.Equal("viewer", body.GetProperty("token").GetProperty("role").GetString());

        // The listing never shows a secret or its hash.
        var listing = await admin.GetStringAsync("/api/v1/tokens");
        Assert.DoesNotContain(secret, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(TokenSecrets.Hash(secret)), listing, StringComparison.Ordinal);

        using var dashboard = demo.Client(secret);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.GetAsync("/api/v1/clusters")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "dashboard", role = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/tokens/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await dashboard.GetAsync("/api/v1/clusters")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/v1/tokens/dashboard")).StatusCode);
    }

    [Theory]
    [InlineData("bad name", "viewer", "name")]
    [InlineData("ok", "root", "role")]
    public async Task A_bad_token_request_is_400_naming_the_field(string name, string role, string field)
    {
        using var admin = demo.Client(Roles.Admin);
        using var response = await admin.PostAsJsonAsync("/api/v1/tokens", new { name, role });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }
}
