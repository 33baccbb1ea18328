using System.Net;
using Tether.Registry.Client;
using Tether.Registry.Client.Auth;
using Tether.Registry.Tests.Infrastructure;
using Tether.Testing;
using Xunit;

namespace Tether.Registry.Tests.Client;

/// <summary>
/// Bearer token auth against the real docker-registry configured for token auth, trusting the in-process
/// token server's certificate chain (x5c JWTs), as Docker Hub, GHCR and ACR work.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class TokenAuthTests(RegistryServers servers) : IDisposable
{
    private static readonly RegistryCredential Tether = new("tether", RegistryServers.Password);

    public void Dispose()
    {
        servers.TokenServer.AccessTokenFieldOnly = false;
        servers.TokenServer.ExpiresInSeconds = 300;
    }

    [Fact]
    public async Task Anonymous_tokens_are_fetched_for_the_repository_pull_scope()
    {
        servers.TokenServer.ClearRequests();
        using var client = new RegistryClient(servers.Token);

        var manifest = await client.GetManifestAsync($"public/{servers.TestRepo}", "v1", CancellationToken.None);

        Assert.Equal(TestRepoV1.Index, manifest.Digest);
        var request = Assert.Single(servers.TokenServer.Requests);
        Assert.Equal($"repository:public/{servers.TestRepo}:pull", request.Scope);
        Assert.Equal(TokenServer.Service, request.Service);
        Assert.Null(request.User);
    }

    [Fact]
    public async Task Tokens_are_cached_per_scope()
    {
        servers.TokenServer.ClearRequests();
        using var client = new RegistryClient(servers.Token, new RegistryClientOptions { Credentials = new StaticCredentialProvider(Tether) });

        await client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None);
        await client.GetManifestAsync(servers.TestRepo, TestRepoV1.Amd64, CancellationToken.None);
        await client.GetManifestAsync(servers.TestRepo, TestRepoV1.Arm64, CancellationToken.None);
        await client.ListTagsAsync(servers.TestRepo, CancellationToken.None);
        await client.ListRepositoriesAsync(CancellationToken.None);
        await client.ListRepositoriesAsync(CancellationToken.None);

        Assert.Equal(2, client.TokenRequests);
        Assert.Equal(
            [$"repository:{servers.TestRepo}:pull", "registry:catalog:*"],
            servers.TokenServer.Requests.Select(r => r.Scope));
        Assert.All(servers.TokenServer.Requests, r => Assert.Equal("tether", r.User));
    }

    [Fact]
    public async Task An_expired_token_is_fetched_again()
    {
        servers.TokenServer.ExpiresInSeconds = 60;
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var client = new RegistryClient(servers.Token, new RegistryClientOptions { Credentials = new StaticCredentialProvider(Tether), Time = clock });

        await client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));
        await client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None);
        var beforeExpiry = client.TokenRequests;
        clock.Advance(TimeSpan.FromSeconds(31));
        await client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None);

        Assert.Equal(1, beforeExpiry);
        Assert.Equal(2, client.TokenRequests);
    }

    [Fact]
    public async Task An_access_token_field_is_accepted_like_token()
    {
        servers.TokenServer.AccessTokenFieldOnly = true;
        using var client = new RegistryClient(servers.Token, new RegistryClientOptions { Credentials = new StaticCredentialProvider(Tether) });

        var tags = await client.ListTagsAsync(servers.TestRepo, CancellationToken.None);

        Assert.Equal(["v1"], tags);
    }

    [Fact]
    public async Task An_identity_token_is_exchanged_with_an_oauth2_post()
    {
        servers.TokenServer.ClearRequests();
        using var client = new RegistryClient(servers.Token, new RegistryClientOptions
        {
            Credentials = new StaticCredentialProvider(new RegistryCredential(null, null, IdentityToken: TokenServer.RefreshToken)),
        });

        var manifest = await client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None);

        Assert.Equal(TestRepoV1.Index, manifest.Digest);
        var request = Assert.Single(servers.TokenServer.Requests);
        Assert.Equal("POST", request.Method);
        Assert.True(request.IdentityToken);
        Assert.Equal($"repository:{servers.TestRepo}:pull", request.Scope);
    }

    [Fact]
    public async Task A_private_repository_without_credentials_is_unauthorized()
    {
        using var client = new RegistryClient(servers.Token);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None));

        Assert.Equal(RegistryErrorKind.Unauthorized, error.Kind);
        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
        Assert.Contains($"registry {servers.Token}, repository {servers.TestRepo}, reference v1: HTTP 401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_by_the_token_server_with_a_401()
    {
        using var client = new RegistryClient(servers.Token, new RegistryClientOptions
        {
            Credentials = new StaticCredentialProvider(new RegistryCredential("tether", "not-the-password")),
        });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(servers.TestRepo, CancellationToken.None));

        Assert.Equal(RegistryErrorKind.Unauthorized, error.Kind);
        Assert.Contains("token server", error.Message, StringComparison.Ordinal);
        Assert.Contains("user 'tether'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
    }
}
