using System.Net;
using Tether.Registry.Client;
using Tether.Registry.Client.Auth;
using Tether.Registry.Parse;
using Tether.Registry.Tests.Infrastructure;
using Xunit;

namespace Tether.Registry.Tests.Client;

[Collection(RegistryCollection.Name)]
public sealed class RegistryClientTests(RegistryServers servers)
{
    [Fact]
    public async Task Loopback_registries_are_reached_over_plain_http()
    {
        using var client = new RegistryClient(servers.Anonymous);
        await client.PingAsync(CancellationToken.None);

        Assert.Equal($"http://{servers.Anonymous}/", client.BaseUri.ToString());
    }

    [Fact]
    public async Task A_tag_resolves_to_the_index_digest_the_bytes_hash_to()
    {
        using var client = new RegistryClient(servers.Anonymous);

        var manifest = await client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None);

        Assert.Equal(TestRepoV1.Index, manifest.Digest);
        Assert.Equal(MediaTypes.OciIndex, manifest.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(TestRepoV1.Blob(TestRepoV1.Index)), manifest.Bytes.ToArray());
    }

    [Fact]
    public async Task A_manifest_and_its_config_are_fetched_by_digest()
    {
        using var client = new RegistryClient(servers.Anonymous);

        var manifest = await client.GetManifestAsync(servers.TestRepo, TestRepoV1.Amd64, CancellationToken.None);
        var parsed = Assert.IsType<ImageManifest>(ManifestParser.Parse(manifest.Bytes, manifest.MediaType, "test"));
        var config = await client.GetBlobAsync(servers.TestRepo, parsed.Config, RegistryLimits.Default.MaxConfigBytes, CancellationToken.None);

        Assert.Equal(TestRepoV1.Amd64, manifest.Digest);
        Assert.Equal(TestRepoV1.Amd64Config, parsed.Config.Digest);
        Assert.Equal(1418, config.Length);
    }

    [Fact]
    public async Task Tags_and_catalog_list_what_was_pushed()
    {
        using var client = new RegistryClient(servers.Anonymous);

        var tags = await client.ListTagsAsync(servers.TestRepo, CancellationToken.None);
        var repositories = await client.ListRepositoriesAsync(CancellationToken.None);

        Assert.Equal(["v1"], tags);
        Assert.Contains(servers.TestRepo, repositories);
    }

    [Fact]
    public async Task Catalog_pages_are_followed_through_the_link_header()
    {
        // docker-registry 2.8 paginates _catalog with n/last and Link: rel="next".
        var extra = RegistryServers.Unique("catalog/page");
        await Skopeo.CopyAsync(servers.TestRepoLayout, "v1", $"{servers.Anonymous}/{extra}:v1");
        using var unpaged = new RegistryClient(servers.Anonymous);
        using var paged = new RegistryClient(servers.Anonymous, new RegistryClientOptions { PageSize = 1 });

        var all = await unpaged.ListRepositoriesAsync(CancellationToken.None);
        var pageByPage = await paged.ListRepositoriesAsync(CancellationToken.None);

        Assert.True(all.Count >= 2);
        Assert.Equal(all, pageByPage);
        Assert.Contains(extra, pageByPage);
    }

    [Fact]
    public async Task An_unknown_repository_is_a_not_found_error_naming_registry_repository_and_status()
    {
        using var client = new RegistryClient(servers.Anonymous);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync("no/such-repo", CancellationToken.None));

        Assert.Equal(RegistryErrorKind.NotFound, error.Kind);
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Contains($"registry {servers.Anonymous}, repository no/such-repo: HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.Contains("NAME_UNKNOWN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_tag_is_a_not_found_error_naming_the_reference()
    {
        using var client = new RegistryClient(servers.Anonymous);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(servers.TestRepo, "no-such-tag", CancellationToken.None));

        Assert.Equal(RegistryErrorKind.NotFound, error.Kind);
        Assert.Contains($"repository {servers.TestRepo}, reference no-such-tag: HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.Contains("MANIFEST_UNKNOWN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Basic_auth_with_the_right_password_reads_the_repository()
    {
        using var client = new RegistryClient(servers.Basic, new RegistryClientOptions
        {
            Credentials = new StaticCredentialProvider(new RegistryCredential(servers.User, servers.BasicPassword)),
        });

        var manifest = await client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None);

        Assert.Equal(TestRepoV1.Index, manifest.Digest);
    }

    [Fact]
    public async Task Basic_auth_with_a_wrong_password_is_a_401_naming_the_user_but_not_the_password()
    {
        using var client = new RegistryClient(servers.Basic, new RegistryClientOptions
        {
            Credentials = new StaticCredentialProvider(new RegistryCredential(servers.User, "wrong-password")),
        });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None));

        Assert.Equal(RegistryErrorKind.Unauthorized, error.Kind);
        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
        Assert.Contains($"registry {servers.Basic}, repository {servers.TestRepo}, reference v1: HTTP 401", error.Message, StringComparison.Ordinal);
        Assert.Contains($"user '{servers.User}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_basic_auth_registry_without_credentials_says_credentials_are_needed()
    {
        using var client = new RegistryClient(servers.Basic);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(servers.TestRepo, CancellationToken.None));

        Assert.Equal(RegistryErrorKind.Unauthorized, error.Kind);
        Assert.Contains("requires credentials (Basic auth)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_that_is_not_running_is_a_network_error_naming_it()
    {
        using var client = new RegistryClient("127.0.0.1:9", new RegistryClientOptions { Retry = RetryPolicy.None });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync("app", CancellationToken.None));

        Assert.Equal(RegistryErrorKind.Network, error.Kind);
        Assert.Contains("registry 127.0.0.1:9", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot reach http://127.0.0.1:9", error.Message, StringComparison.Ordinal);
    }
}
