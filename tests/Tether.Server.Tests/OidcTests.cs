using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tether.Core.Graph;
using Tether.Server.Access.Oidc;
using Tether.Testing;
using Xunit;

namespace Tether.Server.Tests;

/// <summary>
/// GitHub Actions OIDC on <c>POST /api/v1/ci/reports</c>: tokens signed with locally generated RSA keys, the issuer's
/// OpenID configuration and JWKS served by a local Kestrel on 127.0.0.1.
/// </summary>
public sealed class OidcTests : IAsyncLifetime
{
    private const string Audience = "tether-test";
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _forger = RSA.Create(2048);
    private readonly TempDirectory _dir = new();
    private WebApplication? _issuer;
    private DemoServer _server = null!;
    private string _issuerUrl = "";
    private int _jwksRequests;

    public async Task InitializeAsync()
    {
        _issuer = LoopbackServer.Create();
        _issuer.MapGet("/.well-known/openid-configuration", (HttpContext http) => Results.Json(new { issuer = _issuerUrl, jwks_uri = _issuerUrl + "/jwks" }));
        _issuer.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref _jwksRequests);
            var p = _key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "k1", n = Base64Url.EncodeToString(p.Modulus), e = Base64Url.EncodeToString(p.Exponent) } } });
        });
        _issuerUrl = (await LoopbackServer.StartAsync(_issuer)).ToString().TrimEnd('/');
        var oidc = new GitHubOidcOptions { Issuer = _issuerUrl, Audience = Audience, AllowedRepositories = { "acme/*", "solo-org/app" } };
        _server = new DemoServer { Configure = s => s with { Oidc = oidc } };
        await _server.StartAsync(_dir.File("oidc.db"));
    }

    private string Token(string repository = "acme/web", string? issuer = null, string audience = Audience, TimeSpan? expiresIn = null, RSA? signer = null, string kid = "k1", string alg = "RS256")
    {
        var now = DateTimeOffset.UtcNow;
        var header = JsonSerializer.SerializeToUtf8Bytes(new { alg, kid, typ = "JWT" });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = issuer ?? _issuerUrl,
            ["aud"] = audience,
            ["sub"] = $"repo:{repository}:ref:refs/heads/main",
            ["repository"] = repository,
            ["repository_owner"] = repository.Split('/')[0],
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = (now + (expiresIn ?? TimeSpan.FromMinutes(5))).ToUnixTimeSeconds(),
        });
        var input = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var signature = (signer ?? _key).SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    private async Task<HttpStatusCode> PostAsync(string token, string reportRepository = "acme/web")
    {
        using var client = _server.Client(token);
        using var response = await client.PostAsync("/api/v1/ci/reports", new ByteArrayContent(CiReports.For(reportRepository)) { Headers = { ContentType = new("application/json") } });
        return response.StatusCode;
    }

    [Fact]
    public async Task A_valid_token_for_an_allowed_repository_stores_its_own_report()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Token()));
        Assert.NotNull(await _server.Graph.FindNodeAsync(new NodeRef(NodeKinds.SourceRepository, "github.com/acme/web")));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Token("solo-org/app"), "solo-org/app"));
    }

    [Fact]
    public async Task Forged_misaddressed_expired_or_unsigned_tokens_are_401_and_store_nothing()
    {
        var cases = new Dictionary<string, string>
        {
            ["forged signature"] = Token(signer: _forger),
            ["wrong issuer"] = Token(issuer: "https://token.actions.githubusercontent.com"),
            ["wrong audience"] = Token(audience: "someone-else"),
            ["expired"] = Token(expiresIn: TimeSpan.FromMinutes(-5)),
            ["unknown kid"] = Token(kid: "k9"),
            ["alg none"] = Token(alg: "none"),
        };
        foreach (var (name, token) in cases)
        {
            Assert.True(await PostAsync(token) == HttpStatusCode.Unauthorized, name);
        }

        Assert.Empty((await _server.Graph.CountAsync()).NodesByKind);
    }

    [Fact]
    public async Task A_repository_outside_the_allow_list_or_a_report_about_another_repository_is_403_and_stores_nothing()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(Token("evil/web"), "evil/web"));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(Token("solo-org/other"), "solo-org/other"));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(Token("acme/web"), "acme/payments"));
        Assert.Empty((await _server.Graph.CountAsync()).NodesByKind);
    }

    [Fact]
    public async Task An_OIDC_token_cannot_read_the_API()
    {
        using var client = _server.Client(Token());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/clusters")).StatusCode);
    }

    [Fact]
    public async Task Unknown_key_ids_refetch_the_JWKS_at_most_once_per_interval()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Token()));
        var before = Volatile.Read(ref _jwksRequests);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(Token(kid: $"rotated-{i}")));
        }

        Assert.True(Volatile.Read(ref _jwksRequests) - before <= 1, $"{Volatile.Read(ref _jwksRequests) - before} refetches");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }

        _key.Dispose();
        _forger.Dispose();
        _dir.Dispose();
    }
}
