using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Tether.Core.Errors;
using Tether.Registry.Client.Auth;
using Tether.Registry.Client.Http;
using Tether.Registry.Parse;

namespace Tether.Registry.Client;

/// <summary>
/// An OCI distribution API client for one registry: ping, auth challenges, manifests by tag or digest (digest
/// verified), blobs (with redirects, digest and size verified), catalog and tag listings (paginated), bounded
/// retries. Failures are <see cref="RegistryException"/>s naming registry, repository, reference and status.
/// Thread-safe: a sync shares one client across concurrent tag resolutions.
/// </summary>
public sealed class RegistryClient : IContentSource, IDisposable
{
    private const int MaxRedirects = 5;
    private const string CatalogScope = "registry:catalog:*";

    private readonly RegistryEndpoint _endpoint;
    private readonly RegistryClientOptions _options;
    private readonly HttpClient _http;
    private readonly RegistryAuthenticator _auth;
    private readonly SemaphoreSlim _pingLock = new(1, 1);
    private Uri _base;
    private bool _pinged;

    public RegistryClient(string registry, RegistryClientOptions? options = null, HttpMessageHandler? handler = null)
    {
        _endpoint = RegistryEndpoint.Parse(registry);
        _options = options ?? new RegistryClientOptions();
        _http = handler is null ? new HttpClient(CreateHandler(_options.Insecure), disposeHandler: true) : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = _options.RequestTimeout;
        _base = _endpoint.BaseUri(plainHttp: _endpoint.IsLoopback);
        _auth = new RegistryAuthenticator(_endpoint.Registry, _http, _options.Credentials, _options, allowPlainHttpRealm: _options.Insecure);
    }

    public string Registry => _endpoint.Registry;

    /// <summary>The API base actually used (<c>http://</c> for loopback or an insecure fallback).</summary>
    public Uri BaseUri => _base;

    /// <summary>Token endpoint round trips so far.</summary>
    public int TokenRequests => _auth.TokenRequests;

    /// <summary>Checks the registry speaks the distribution API and learns its auth challenge (<c>GET /v2/</c>).</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        if (_pinged)
        {
            return;
        }

        await _pingLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_pinged)
            {
                return;
            }

            var target = new RequestTarget(Registry);
            HttpResponseMessage response;
            try
            {
                response = await PingOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (_options.Insecure && !_endpoint.IsLoopback && _base.Scheme == Uri.UriSchemeHttps && IsNetworkFailure(e, cancellationToken))
            {
                // Docker's insecure-registries: HTTPS without verification first, then plain HTTP.
                _base = _endpoint.BaseUri(plainHttp: true);
                response = await WithNetworkErrors(() => PingOnceAsync(cancellationToken), target, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsNetworkFailure(e, cancellationToken))
            {
                throw NetworkError(e, target);
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    _auth.Learn(AuthChallenge.FromHeaders(response.Headers.WwwAuthenticate));
                }
                else if (!response.IsSuccessStatusCode)
                {
                    throw await ErrorForAsync(response, target, response.StatusCode == HttpStatusCode.NotFound
                        ? $"{_base} does not serve the registry API (GET /v2/ is 404)."
                        : "GET /v2/ failed.", cancellationToken).ConfigureAwait(false);
                }
            }

            _pinged = true;
        }
        finally
        {
            _pingLock.Release();
        }
    }

    public Task<IReadOnlyList<string>> ListRepositoriesAsync(CancellationToken cancellationToken) =>
        ListAsync("v2/_catalog", CatalogScope, new RequestTarget(Registry), "_catalog",
            (bytes, source) => RegistryResponses.ParseCatalog(bytes, source, _options.Limits.MaxListingBytes, _options.Limits.MaxListedNames), cancellationToken);

    public Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken)
    {
        CheckRepository(repository);
        return ListAsync($"v2/{repository}/tags/list", PullScope(repository), new RequestTarget(Registry, repository), "tags/list",
            (bytes, source) => RegistryResponses.ParseTags(bytes, source, _options.Limits.MaxListingBytes, _options.Limits.MaxListedNames), cancellationToken);
    }

    public async Task<ManifestContent> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        CheckRepository(repository);
        var target = new RequestTarget(Registry, repository, reference);
        var byDigest = CheckReference(reference, target);
        var uri = new Uri(_base, $"v2/{repository}/manifests/{reference}");
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            foreach (var type in MediaTypes.AcceptedManifests)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }

            return request;
        }, PullScope(repository), target, cancellationToken).ConfigureAwait(false);

        using var final = await FollowRedirectsAsync(response, target, cancellationToken).ConfigureAwait(false);
        var bytes = await ReadBodyAsync(final, _options.Limits.MaxManifestBytes, target, "manifest", cancellationToken).ConfigureAwait(false);

        var mediaType = final.Content.Headers.ContentType?.MediaType;
        if (MediaTypes.IsGeneric(mediaType))
        {
            mediaType = ManifestParser.DetectMediaType(bytes, _options.Limits.MaxManifestBytes) ?? mediaType;
        }

        if (!MediaTypes.IsSupportedManifest(mediaType))
        {
            throw UnsupportedMediaType(target, mediaType);
        }

        // The bytes must hash to what we asked for (by digest) or to what the registry announced (by tag);
        // the digest is the image's identity in the graph, so it is never taken on trust.
        var announced = final.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
        string digest;
        if (byDigest)
        {
            digest = Verify(bytes, reference, target, "the requested digest");
            if (announced is not null && Core.Identity.Digest.TryParse(announced, out var header) && header != digest)
            {
                throw new RegistryException(RegistryErrorKind.DigestMismatch, Registry, repository, reference, final.StatusCode,
                    $"the Docker-Content-Digest header says {header}.");
            }
        }
        else if (announced is not null)
        {
            if (!Core.Identity.Digest.TryParse(announced, out var header))
            {
                throw new RegistryException(RegistryErrorKind.Protocol, Registry, repository, reference, final.StatusCode,
                    $"Docker-Content-Digest '{JsonFields.Clip(announced)}' is not a digest.");
            }

            digest = Verify(bytes, header, target, "the Docker-Content-Digest header");
        }
        else
        {
            digest = Core.Identity.Digest.Sha256(bytes);
        }

        return new ManifestContent(repository, reference, digest, mediaType!, bytes);
    }

    public async Task<ReadOnlyMemory<byte>> GetBlobAsync(string repository, Descriptor descriptor, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        CheckRepository(repository);
        var target = new RequestTarget(Registry, repository, descriptor.Digest);
        if (descriptor.Size > maxBytes)
        {
            throw new RegistryException(RegistryErrorKind.TooLarge, Registry, repository, descriptor.Digest, null,
                $"the {descriptor.MediaType} blob is {descriptor.Size} bytes; the limit is {maxBytes}.");
        }

        var uri = new Uri(_base, $"v2/{repository}/blobs/{descriptor.Digest}");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), PullScope(repository), target, cancellationToken).ConfigureAwait(false);
        using var final = await FollowRedirectsAsync(response, target, cancellationToken).ConfigureAwait(false);
        var bytes = await ReadBodyAsync(final, maxBytes, target, "blob", cancellationToken).ConfigureAwait(false);
        if (bytes.Length != descriptor.Size)
        {
            throw new RegistryException(bytes.Length < descriptor.Size ? RegistryErrorKind.Truncated : RegistryErrorKind.DigestMismatch,
                Registry, repository, descriptor.Digest, final.StatusCode, $"the blob is {bytes.Length} bytes; its descriptor says {descriptor.Size}.");
        }

        Verify(bytes, descriptor.Digest, target, "its descriptor");
        return bytes;
    }

    public async Task<Stream> OpenBlobAsync(string repository, Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        CheckRepository(repository);
        var target = new RequestTarget(Registry, repository, descriptor.Digest);
        var uri = new Uri(_base, $"v2/{repository}/blobs/{descriptor.Digest}");
        var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), PullScope(repository), target, cancellationToken).ConfigureAwait(false);
        var final = await FollowRedirectsAsync(response, target, cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(final, response))
        {
            response.Dispose();
        }

        var body = await final.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new OwningStream(body, final);
    }

    public void Dispose()
    {
        _http.Dispose();
        _pingLock.Dispose();
    }

    private static string PullScope(string repository) => $"repository:{repository}:pull";

    private async Task<IReadOnlyList<string>> ListAsync(
        string path,
        string scope,
        RequestTarget target,
        string what,
        Func<byte[], string, IReadOnlyList<string>> parse,
        CancellationToken cancellationToken)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var uri = new Uri(_base, _options.PageSize is { } n ? $"{path}?n={n}" : path);
        var visited = new HashSet<Uri>();
        for (var page = 1; ; page++)
        {
            if (page > _options.Limits.MaxListingPages || !visited.Add(uri))
            {
                throw new RegistryException(RegistryErrorKind.Protocol, Registry, target.Repository, null, null,
                    $"{what} pagination does not end (page {page}, {uri.PathAndQuery}).");
            }

            var pageUri = uri;
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, pageUri), scope, target, cancellationToken).ConfigureAwait(false);
            var bytes = await ReadBodyAsync(response, _options.Limits.MaxListingBytes, target, what, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> pageNames;
            try
            {
                pageNames = parse(bytes, $"{Registry} {what} page {page}");
            }
            catch (InputException e)
            {
                throw new RegistryException(RegistryErrorKind.Protocol, Registry, target.Repository, null, response.StatusCode, e.Message, e);
            }

            foreach (var name in pageNames)
            {
                if (seen.Add(name))
                {
                    names.Add(name);
                }
            }

            if (names.Count > _options.Limits.MaxListedNames)
            {
                throw new RegistryException(RegistryErrorKind.TooLarge, Registry, target.Repository, null, null,
                    $"{what} lists more than {_options.Limits.MaxListedNames} names.");
            }

            var next = response.Headers.TryGetValues("Link", out var links) ? LinkHeader.Next(links, pageUri) : null;
            if (next is null)
            {
                return names;
            }

            // A next page elsewhere would receive our token; pagination stays on the registry.
            if (Uri.Compare(next, _base, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            {
                throw new RegistryException(RegistryErrorKind.Protocol, Registry, target.Repository, null, null,
                    $"{what} Link header points to another server ({next.GetLeftPart(UriPartial.Authority)}).");
            }

            uri = next;
        }
    }

    /// <summary>Sends with auth and retries; returns a 2xx or 3xx response, throws <see cref="RegistryException"/> otherwise.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, string scope, RequestTarget target, CancellationToken cancellationToken)
    {
        await PingAsync(cancellationToken).ConfigureAwait(false);
        for (var authRetried = false; ; authRetried = true)
        {
            var response = await WithNetworkErrors(() => RetryingSender.SendAsync(_http, async ct =>
            {
                var request = create();
                request.Headers.UserAgent.ParseAdd(_options.UserAgent);
                await _auth.AuthorizeAsync(request, scope, target, ct).ConfigureAwait(false);
                return request;
            }, _options.Retry, _options.Time, cancellationToken), target, cancellationToken).ConfigureAwait(false);

            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                if (!authRetried && await _auth.OnUnauthorizedAsync(response, scope, cancellationToken).ConfigureAwait(false))
                {
                    response.Dispose();
                    continue;
                }

                using (response)
                {
                    throw await ErrorForAsync(response, target, await _auth.DescribeFailureAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                }
            }

            if (response.IsSuccessStatusCode || RetryingSender.IsRedirect(response.StatusCode))
            {
                return response;
            }

            using (response)
            {
                throw await ErrorForAsync(response, target, null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Follows blob redirects (registries hand blobs to object storage) without our Authorization header,
    /// which belongs to the registry, and never from HTTPS down to HTTP.
    /// </summary>
    private async Task<HttpResponseMessage> FollowRedirectsAsync(HttpResponseMessage response, RequestTarget target, CancellationToken cancellationToken)
    {
        var current = response;
        var currentUri = response.RequestMessage?.RequestUri ?? _base;
        for (var hop = 0; RetryingSender.IsRedirect(current.StatusCode); hop++)
        {
            var location = current.Headers.Location;
            if (hop >= MaxRedirects || location is null)
            {
                throw new RegistryException(RegistryErrorKind.Protocol, Registry, target.Repository, target.Reference, current.StatusCode,
                    location is null ? "a redirect without a Location header." : $"more than {MaxRedirects} redirects.");
            }

            var next = location.IsAbsoluteUri ? location : new Uri(currentUri, location);
            if (currentUri.Scheme == Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttps)
            {
                throw new RegistryException(RegistryErrorKind.Protocol, Registry, target.Repository, target.Reference, current.StatusCode,
                    $"refusing a redirect from HTTPS to {next.Scheme} ({next.GetLeftPart(UriPartial.Authority)}).");
            }

            if (!ReferenceEquals(current, response))
            {
                current.Dispose();
            }

            currentUri = next;
            current = await WithNetworkErrors(() => RetryingSender.SendAsync(_http, _ =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, next);
                request.Headers.UserAgent.ParseAdd(_options.UserAgent);
                return Task.FromResult(request);
            }, _options.Retry, _options.Time, cancellationToken), target, cancellationToken).ConfigureAwait(false);

            if (!current.IsSuccessStatusCode && !RetryingSender.IsRedirect(current.StatusCode))
            {
                using (current)
                {
                    throw await ErrorForAsync(current, target, $"following a redirect to {next.GetLeftPart(UriPartial.Authority)} failed.", cancellationToken).ConfigureAwait(false);
                }
            }
        }

        // The caller disposes the original response; hand back a response it may dispose twice safely.
        return current;
    }

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, int maxBytes, RequestTarget target, string what, CancellationToken cancellationToken)
    {
        var (outcome, bytes, announced) = await BoundedBody.ReadAsync(response.Content, maxBytes, cancellationToken, _options.RequestTimeout).ConfigureAwait(false);
        return outcome switch
        {
            BoundedBody.Outcome.Complete => bytes,
            BoundedBody.Outcome.Stalled => throw new RegistryException(RegistryErrorKind.Network, Registry, target.Repository, target.Reference, response.StatusCode,
                $"the {what} body stopped arriving ({_options.RequestTimeout.TotalSeconds:0} s without completing)."),
            BoundedBody.Outcome.TooLarge => throw new RegistryException(RegistryErrorKind.TooLarge, Registry, target.Repository, target.Reference, response.StatusCode,
                $"the {what} is {(announced is { } length ? length + " bytes" : "larger than the limit")}; the limit is {maxBytes} bytes."),
            _ => throw new RegistryException(RegistryErrorKind.Truncated, Registry, target.Repository, target.Reference, response.StatusCode,
                $"the {what} body ended early{(announced is { } expected ? $" (Content-Length {expected})" : "")}."),
        };
    }

    private string Verify(byte[] bytes, string expected, RequestTarget target, string against)
    {
        var algorithm = expected[..expected.IndexOf(':', StringComparison.Ordinal)];
        var actual = algorithm == "sha512"
            ? "sha512:" + Convert.ToHexStringLower(SHA512.HashData(bytes))
            : Core.Identity.Digest.Sha256(bytes);
        return actual == expected
            ? actual
            : throw new RegistryException(RegistryErrorKind.DigestMismatch, Registry, target.Repository, target.Reference, null,
                $"the content hashes to {actual}, not {expected} as {against} says; refusing it.");
    }

    private async Task<RegistryException> ErrorForAsync(HttpResponseMessage response, RequestTarget target, string? detail, CancellationToken cancellationToken)
    {
        string? body = null;
        try
        {
            var (outcome, bytes, _) = await BoundedBody.ReadAsync(response.Content, 64 * 1024, cancellationToken, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            body = outcome == BoundedBody.Outcome.Complete ? RegistryResponses.TryDescribeErrors(bytes) : null;
        }
        catch (HttpRequestException)
        {
            // The error body only adds detail; the status says enough.
        }

        var kind = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => RegistryErrorKind.Unauthorized,
            HttpStatusCode.Forbidden => RegistryErrorKind.Forbidden,
            HttpStatusCode.NotFound => RegistryErrorKind.NotFound,
            HttpStatusCode.TooManyRequests => RegistryErrorKind.RateLimited,
            _ => RegistryErrorKind.ServerError,
        };
        var text = detail ?? kind switch
        {
            RegistryErrorKind.NotFound => target.Reference is null ? "repository not found." : "not found (unknown repository, tag or digest).",
            RegistryErrorKind.Forbidden => "access denied.",
            RegistryErrorKind.RateLimited => "rate limited; retries exhausted.",
            _ => "the registry failed; retries exhausted.",
        };
        if (body is not null)
        {
            text = $"{text.TrimEnd('.')} ({body}).";
        }

        return new RegistryException(kind, Registry, target.Repository, target.Reference, response.StatusCode, text);
    }

    private async Task<HttpResponseMessage> PingOnceAsync(CancellationToken cancellationToken) =>
        await RetryingSender.SendAsync(_http, _ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, "v2/"));
            request.Headers.UserAgent.ParseAdd(_options.UserAgent);
            return Task.FromResult(request);
        }, _options.Retry, _options.Time, cancellationToken).ConfigureAwait(false);

    private async Task<HttpResponseMessage> WithNetworkErrors(Func<Task<HttpResponseMessage>> send, RequestTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (Exception e) when (IsNetworkFailure(e, cancellationToken))
        {
            throw NetworkError(e, target);
        }
    }

    private static bool IsNetworkFailure(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private RegistryException NetworkError(Exception e, RequestTarget target) =>
        new(RegistryErrorKind.Network, Registry, target.Repository, target.Reference, null,
            e is TaskCanceledException
                ? $"no answer from {_base.GetLeftPart(UriPartial.Authority)} within {_options.RequestTimeout.TotalSeconds:0} s."
                : $"cannot reach {_base.GetLeftPart(UriPartial.Authority)}: {e.Message}", e);

    private RegistryException UnsupportedMediaType(RequestTarget target, string? mediaType) =>
        new(RegistryErrorKind.UnsupportedMediaType, Registry, target.Repository, target.Reference, null,
            mediaType is MediaTypes.DockerSchema1 or MediaTypes.DockerSchema1Signed
                ? $"media type {mediaType} (Docker schema 1) is deprecated and not supported; re-push the image with a current client."
                : $"media type '{JsonFields.Clip(mediaType)}' is not a supported manifest (OCI image manifest or index, Docker schema 2 manifest or manifest list).");

    private void CheckRepository(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (!RepositoryNames.IsValid(repository))
        {
            throw new RegistryException(RegistryErrorKind.Protocol, Registry, repository, null, null,
                "is not a valid repository name (lower-case path components of [a-z0-9._-]).");
        }
    }

    /// <summary>True for a digest reference; a tag must match the distribution spec's grammar (no path tricks).</summary>
    private bool CheckReference(string reference, RequestTarget target)
    {
        if (Core.Identity.Digest.TryParse(reference, out var digest) && digest == reference)
        {
            return true;
        }

        return RepositoryNames.IsValidTag(reference)
            ? false
            : throw new RegistryException(RegistryErrorKind.Protocol, Registry, target.Repository, JsonFields.Clip(reference), null,
                "is neither a tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}) nor a lower-case digest.");
    }

    private static SocketsHttpHandler CreateHandler(bool insecure)
    {
        var handler = new SocketsHttpHandler
        {
            // Redirects are followed by hand so our Authorization header never travels to another host.
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (insecure)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        return handler;
    }
}
