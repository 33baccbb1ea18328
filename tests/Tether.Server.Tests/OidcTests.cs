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
public sealed class OidcTests(OidcTests.Issuer fixture) : IClassFixture<OidcTests.Issuer>
{
    private const string Audience = "tether-test";

    /// <summary>The issuer (keys, OpenID configuration, JWKS) and a server trusting it, shared by the tests.</summary>
    public sealed class Issuer : IAsyncLifetime
    {
        private int _jwksRequests;

        public RSA Key { get; } = RSA.Create(2048);
        public RSA Forger { get; } = RSA.Create(2048);
        private readonly TempDirectory _dir = new();
        private WebApplication? _issuer;
        public DemoServer Server { get; private set; } = null!;
        public string Url { get; private set; } = "";
        public int JwksRequests => Volatile.Read(ref _jwksRequests);

        public async Task InitializeAsync()
        {
            _issuer = LoopbackServer.Create();
            _issuer.MapGet("/.well-known/openid-configuration", (HttpContext http) => Results.Json(new { issuer = Url, jwks_uri = Url + "/jwks" }));
            _issuer.MapGet("/jwks", () =>
            {
                Interlocked.Increment(ref _jwksRequests);
                var p = Key.ExportParameters(false);
                return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "k1", n = Base64Url.EncodeToString(p.Modulus), e = Base64Url.EncodeToString(p.Exponent) } } });
            });
            Url = (await LoopbackServer.StartAsync(_issuer)).ToString().TrimEnd('/');
            var oidc = new GitHubOidcOptions { Issuer = Url, Audience = Audience, AllowedRepositories = { "acme/*", "solo-org/app" } };
            Server = new DemoServer { Configure = s => s with { Oidc = oidc } };
            await Server.StartAsync(_dir.File("oidc.db"));
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            if (_issuer is not null)
            {
                await _issuer.DisposeAsync();
            }

            Key.Dispose();
            Forger.Dispose();
            _dir.Dispose();
        }
    }

    private string Token(string repository = "acme/web", string? issuer = null, string audience = Audience, TimeSpan? expiresIn = null, RSA? signer = null, string kid = "k1", string alg = "RS256")
    {
        var now = DateTimeOffset.UtcNow;
        var header = JsonSerializer.SerializeToUtf8Bytes(new { alg, kid, typ = "JWT" });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = issuer ?? fixture.Url,
            ["aud"] = audience,
            ["sub"] = $"repo:{repository}:ref:refs/heads/main",
            ["repository"] = repository,
            ["repository_owner"] = repository.Split('/')[0],
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = (now + (expiresIn ?? TimeSpan.FromMinutes(5))).ToUnixTimeSeconds(),
        });
        var input = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var signature = (signer ?? fixture.Key).SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    private async Task<(long Nodes, long Edges)> CountsAsync()
    {
        var counts = await fixture.Server.Graph.CountAsync();
        return (counts.NodesByKind.Values.Sum(), counts.Edges);
    }

    private async Task<HttpStatusCode> PostAsync(string token, string reportRepository = "acme/web")
    {
        using var client = fixture.Server.Client(token);
        using var response = await client.PostAsync("/api/v1/ci/reports", new ByteArrayContent(CiReports.For(reportRepository)) { Headers = { ContentType = new("application/json") } });
        return response.StatusCode;
    }

    [Fact]
    public async Task A_valid_token_for_an_allowed_repository_stores_its_own_report()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Token()));
        Assert.NotNull(await fixture.Server.Graph.FindNodeAsync(new NodeRef(NodeKinds.SourceRepository, "github.com/acme/web")));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Token("solo-org/app"), "solo-org/app"));
    }

    [Fact]
    public async Task Forged_misaddressed_expired_or_unsigned_tokens_are_401_and_store_nothing()
    {
        var before = await CountsAsync();
        var cases = new Dictionary<string, string>
        {
            ["forged signature"] = Token(signer: fixture.Forger),
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

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_repository_outside_the_allow_list_or_a_report_about_another_repository_is_403_and_stores_nothing()
    {
        var before = await CountsAsync();
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(Token("evil/web"), "evil/web"));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(Token("solo-org/other"), "solo-org/other"));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(Token("acme/web"), "acme/payments"));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task An_OIDC_token_cannot_read_the_API()
    {
        using var client = fixture.Server.Client(Token());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/clusters")).StatusCode);
    }

    [Fact]
    public async Task Unknown_key_ids_refetch_the_JWKS_at_most_once_per_interval()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Token()));
        var before = fixture.JwksRequests;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(Token(kid: $"rotated-{i}")));
        }

        Assert.True(fixture.JwksRequests - before <= 1, $"{fixture.JwksRequests - before} refetches");
    }
}
