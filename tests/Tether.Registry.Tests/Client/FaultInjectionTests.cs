using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tether.Registry.Client;
using Tether.Registry.Client.Auth;
using Tether.Registry.Parse;
using Tether.Registry.Tests.Infrastructure;
using Xunit;

namespace Tether.Registry.Tests.Client;

/// <summary>
/// Failures a real registry does not produce on demand, injected by a proxy in front of the real docker-registry
/// (the content itself is always the registry's).
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class FaultInjectionTests(RegistryServers servers) : IAsyncLifetime
{
    private static readonly RetryPolicy FastRetry = new() { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromSeconds(2), MaxTotalDelay = TimeSpan.FromSeconds(3) };

    private RegistryProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await RegistryProxy.StartAsync(servers.Anonymous);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    private RegistryClient Client(RegistryClientOptions? options = null) =>
        new(_proxy.Host, options ?? new RegistryClientOptions { Retry = FastRetry });

    private static bool IsTagManifest(HttpRequest request) => request.Path.Value!.EndsWith("/manifests/v1", StringComparison.Ordinal);

    [Fact]
    public async Task A_manifest_whose_bytes_do_not_match_the_announced_digest_is_refused()
    {
        _proxy.Transform = (request, response) => IsTagManifest(request)
            ? response with { Body = [.. response.Body, (byte)' '] }
            : response;
        using var client = Client();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None));

        Assert.Equal(RegistryErrorKind.DigestMismatch, error.Kind);
        Assert.Contains($"repository {servers.TestRepo}, reference v1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"not {TestRepoV1.Index}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_fetched_by_digest_must_hash_to_that_digest_even_without_a_header()
    {
        _proxy.Transform = (request, response) =>
        {
            if (!request.Path.Value!.EndsWith(TestRepoV1.Amd64, StringComparison.Ordinal))
            {
                return response;
            }

            var headers = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase);
            headers.Remove("Docker-Content-Digest");
            return response with { Headers = headers, Body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(response.Body).Replace("amd64", "amd65", StringComparison.Ordinal) + "\n") };
        };
        using var client = Client();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(servers.TestRepo, TestRepoV1.Amd64, CancellationToken.None));

        Assert.Equal(RegistryErrorKind.DigestMismatch, error.Kind);
        Assert.Contains("the requested digest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_config_blob_is_refused()
    {
        _proxy.Transform = (request, response) => request.Path.Value!.Contains("/blobs/", StringComparison.Ordinal)
            ? response with { Body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(response.Body).Replace("\"version\":\"1\"", "\"version\":\"2\"", StringComparison.Ordinal)) }
            : response;
        using var client = Client();
        var descriptor = new Descriptor(MediaTypes.OciImageConfig, TestRepoV1.Amd64Config, 1418);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetBlobAsync(servers.TestRepo, descriptor, 1 << 20, CancellationToken.None));

        Assert.Equal(RegistryErrorKind.DigestMismatch, error.Kind);
        Assert.Equal(TestRepoV1.Amd64Config, error.Reference);
    }

    [Fact]
    public async Task A_body_cut_off_before_its_content_length_is_a_truncation_error()
    {
        _proxy.Transform = (request, response) => IsTagManifest(request) ? response with { CutAfter = 100 } : response;
        using var client = Client(new RegistryClientOptions { Retry = RetryPolicy.None });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None));

        Assert.Equal(RegistryErrorKind.Truncated, error.Kind);
        Assert.Contains("ended early (Content-Length 1262)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_stops_arriving_times_out_as_a_network_error()
    {
        _proxy.Transform = (request, response) => IsTagManifest(request) ? response with { CutAfter = 100, StallFor = TimeSpan.FromSeconds(3) } : response;
        using var client = Client(new RegistryClientOptions { Retry = RetryPolicy.None, RequestTimeout = TimeSpan.FromSeconds(1) });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None));

        Assert.Equal(RegistryErrorKind.Network, error.Kind);
        Assert.Contains("the manifest body stopped arriving", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_over_the_size_cap_is_refused_before_it_is_read()
    {
        using var client = Client(new RegistryClientOptions { Limits = new RegistryLimits { MaxManifestBytes = 1000 } });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None));

        Assert.Equal(RegistryErrorKind.TooLarge, error.Kind);
        Assert.Contains("1262 bytes; the limit is 1000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_unavailable_answers_are_retried_honoring_retry_after()
    {
        var failures = 0;
        _proxy.Intercept = async context =>
        {
            if (!context.Request.Path.Value!.EndsWith("/tags/list", StringComparison.Ordinal) || Interlocked.Increment(ref failures) > 2)
            {
                return false;
            }

            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = "0";
            await context.Response.WriteAsync("busy");
            return true;
        };
        using var client = Client();

        var tags = await client.ListTagsAsync(servers.TestRepo, CancellationToken.None);

        Assert.Equal(["v1"], tags);
        Assert.Equal(3, failures);
    }

    [Fact]
    public async Task Retries_stop_after_the_attempt_limit_with_the_registry_status()
    {
        var calls = 0;
        _proxy.Intercept = async context =>
        {
            if (!context.Request.Path.Value!.EndsWith("/tags/list", StringComparison.Ordinal))
            {
                return false;
            }

            Interlocked.Increment(ref calls);
            context.Response.StatusCode = 502;
            await context.Response.WriteAsync("bad gateway");
            return true;
        };
        using var client = Client();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(servers.TestRepo, CancellationToken.None));

        Assert.Equal(RegistryErrorKind.ServerError, error.Kind);
        Assert.Equal(HttpStatusCode.BadGateway, error.Status);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_bound_gives_up_at_once_as_rate_limited()
    {
        var calls = 0;
        _proxy.Intercept = async context =>
        {
            if (!context.Request.Path.Value!.EndsWith("/tags/list", StringComparison.Ordinal))
            {
                return false;
            }

            Interlocked.Increment(ref calls);
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "3600";
            await context.Response.WriteAsync("""{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}""");
            return true;
        };
        using var client = Client();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(servers.TestRepo, CancellationToken.None));

        Assert.Equal(RegistryErrorKind.RateLimited, error.Kind);
        Assert.Equal(1, calls);
        Assert.Contains("HTTP 429", error.Message, StringComparison.Ordinal);
        Assert.Contains("TOOMANYREQUESTS slow down", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MediaTypes.DockerSchema1Signed, "Docker schema 1")]
    [InlineData("application/vnd.example.unknown+json", "is not a supported manifest")]
    public async Task Schema1_and_unknown_manifest_types_are_rejected_naming_reference_and_media_type(string mediaType, string expected)
    {
        _proxy.Transform = (request, response) =>
        {
            if (!IsTagManifest(request))
            {
                return response;
            }

            var headers = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = mediaType };
            return response with { Headers = headers };
        };
        using var client = Client();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None));

        Assert.Equal(RegistryErrorKind.UnsupportedMediaType, error.Kind);
        Assert.Contains($"repository {servers.TestRepo}, reference v1", error.Message, StringComparison.Ordinal);
        Assert.Contains(mediaType, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generic_content_type_falls_back_to_the_manifest_media_type_field()
    {
        _proxy.Transform = (request, response) => IsTagManifest(request)
            ? response with { Headers = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" } }
            : response;
        using var client = Client();

        var manifest = await client.GetManifestAsync(servers.TestRepo, "v1", CancellationToken.None);

        Assert.Equal(MediaTypes.OciIndex, manifest.MediaType);
    }

    [Fact]
    public async Task Tag_pages_are_followed_through_link_headers()
    {
        // docker-registry 2.8 lists all tags at once; the proxy pages its real list the way distribution 3
        // and Docker Hub do (n, last, Link rel="next").
        var repository = RegistryServers.Unique("paged/tags");
        await Skopeo.CopyAsync(servers.TestRepoLayout, "v1", $"{servers.Anonymous}/{repository}:v1");
        var index = await File.ReadAllBytesAsync(TestRepoV1.Blob(TestRepoV1.Index));
        using (var http = new HttpClient())
        {
            foreach (var tag in new[] { "a", "b", "c", "d", "e", "f" })
            {
                using var content = new ByteArrayContent(index);
                content.Headers.ContentType = new(MediaTypes.OciIndex);
                (await http.PutAsync($"http://{servers.Anonymous}/v2/{repository}/manifests/{tag}", content)).EnsureSuccessStatusCode();
            }
        }

        var pages = 0;
        _proxy.Transform = (request, response) =>
        {
            if (!request.Path.Value!.EndsWith("/tags/list", StringComparison.Ordinal))
            {
                return response;
            }

            Interlocked.Increment(ref pages);
            var all = JsonDocument.Parse(response.Body).RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal).ToList();
            var n = int.Parse(request.Query["n"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var last = request.Query["last"].ToString();
            var page = all.Where(t => string.CompareOrdinal(t, last) > 0).Take(n).ToList();
            var headers = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase);
            headers.Remove("Link");
            if (page.Count > 0 && page[^1] != all[^1])
            {
                headers["Link"] = $"</v2/{repository}/tags/list?last={page[^1]}&n={n}>; rel=\"next\"";
            }

            return response with { Headers = headers, Body = JsonSerializer.SerializeToUtf8Bytes(new { name = repository, tags = page }) };
        };
        using var client = Client(new RegistryClientOptions { PageSize = 2, Retry = FastRetry });

        var tags = await client.ListTagsAsync(repository, CancellationToken.None);

        Assert.Equal(["a", "b", "c", "d", "e", "f", "v1"], tags.Order(StringComparer.Ordinal));
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task A_link_header_to_another_server_is_refused()
    {
        _proxy.Transform = (request, response) => request.Path.Value!.EndsWith("/tags/list", StringComparison.Ordinal)
            ? response with { Headers = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase) { ["Link"] = "<https://elsewhere.example/v2/x/tags/list?n=1>; rel=\"next\"" } }
            : response;
        using var client = Client();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(servers.TestRepo, CancellationToken.None));

        Assert.Equal(RegistryErrorKind.Protocol, error.Kind);
        Assert.Contains("another server (https://elsewhere.example)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blob_redirects_are_followed_without_the_registry_credentials()
    {
        // Front the basic-auth registry: blobs are redirected to "storage" that must not see the Authorization header.
        await using var proxy = await RegistryProxy.StartAsync(servers.Basic);
        string? storageAuthorization = "not called";
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(servers.BasicCredentials));
        proxy.Intercept = async context =>
        {
            var path = context.Request.Path.Value!;
            if (path.Contains("/blobs/", StringComparison.Ordinal) && context.Request.Headers.Authorization.Count > 0)
            {
                context.Response.StatusCode = 307;
                context.Response.Headers.Location = "/storage/" + path[(path.LastIndexOf('/') + 1)..];
                return true;
            }

            if (path.StartsWith("/storage/", StringComparison.Ordinal))
            {
                storageAuthorization = context.Request.Headers.Authorization.ToString();
                var blob = await proxy.FetchUpstreamAsync($"/v2/{servers.TestRepo}/blobs/{path["/storage/".Length..]}", basic);
                await RegistryProxy.WriteAsync(context, blob);
                return true;
            }

            return false;
        };
        using var client = new RegistryClient(proxy.Host, new RegistryClientOptions
        {
            Credentials = new StaticCredentialProvider(new RegistryCredential(servers.User, servers.BasicPassword)),
            Retry = FastRetry,
        });
        var descriptor = new Descriptor(MediaTypes.OciImageConfig, TestRepoV1.Amd64Config, 1418);

        var config = await client.GetBlobAsync(servers.TestRepo, descriptor, 1 << 20, CancellationToken.None);

        Assert.Equal(await File.ReadAllBytesAsync(TestRepoV1.Blob(TestRepoV1.Amd64Config)), config.ToArray());
        Assert.Equal("", storageAuthorization);
    }
}
