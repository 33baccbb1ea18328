using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Tether.Core.Errors;
using Tether.Registry.Client.Http;
using Tether.Registry.Parse;

namespace Tether.Registry.Client.Auth;

/// <summary>
/// Answers a registry's <c>WWW-Authenticate</c> challenges: anonymous, Basic, or Bearer tokens fetched from the
/// challenge's realm for each scope (<c>repository:NAME:pull</c>, <c>registry:catalog:*</c>), with or without
/// credentials, cached per scope until shortly before they expire.
/// </summary>
internal sealed class RegistryAuthenticator(
    string registry,
    HttpClient http,
    ICredentialProvider? credentials,
    RegistryClientOptions options,
    bool allowPlainHttpRealm)
{
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _tokenLocks = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _credentialLock = new(1, 1);
    private RegistryCredential? _credential;
    private bool _credentialLoaded;
    private volatile AuthChallenge? _challenge;
    private int _tokenRequests;

    /// <summary>Token endpoint round trips so far (the cache is working when this stays at one per scope).</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Remembers how the registry wants to be authenticated (from the <c>/v2/</c> ping).</summary>
    public void Learn(IReadOnlyList<AuthChallenge> challenges)
    {
        if (challenges.Count > 0)
        {
            _challenge = challenges[0];
        }
    }

    /// <summary>Adds the Authorization header the registry expects for <paramref name="scope"/>, if any.</summary>
    public async Task AuthorizeAsync(HttpRequestMessage request, string scope, RequestTarget target, CancellationToken cancellationToken)
    {
        var challenge = _challenge;
        if (challenge is null)
        {
            return;
        }

        var credential = await GetCredentialAsync(cancellationToken).ConfigureAwait(false);
        if (challenge.IsBasic)
        {
            if (credential is { HasPassword: true })
            {
                request.Headers.Authorization = BasicHeader(credential);
            }

            return;
        }

        if (credential?.RegistryToken is { } registryToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registryToken);
            return;
        }

        var token = await GetTokenAsync(challenge, scope, target, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>
    /// Handles a 401: learns the challenge and drops the cached token so the retry fetches a fresh one.
    /// Returns false when retrying cannot help (no challenge, or Basic without credentials).
    /// </summary>
    public async Task<bool> OnUnauthorizedAsync(HttpResponseMessage response, string scope, CancellationToken cancellationToken)
    {
        var challenges = AuthChallenge.FromHeaders(response.Headers.WwwAuthenticate);
        if (challenges.Count == 0)
        {
            return false;
        }

        var challenge = challenges[0];
        _challenge = challenge;
        _tokens.TryRemove(scope, out _);
        var credential = await GetCredentialAsync(cancellationToken).ConfigureAwait(false);
        return !challenge.IsBasic || credential is { HasPassword: true };
    }

    /// <summary>Why a request stayed unauthorized, for the error message.</summary>
    public async Task<string> DescribeFailureAsync(CancellationToken cancellationToken)
    {
        var credential = await GetCredentialAsync(cancellationToken).ConfigureAwait(false);
        var scheme = _challenge?.Scheme ?? "none";
        return credential is null
            ? $"the registry requires credentials ({scheme} auth) and none were found (use --username/--password-stdin, or docker login)"
            : $"the registry refused the credentials of user '{credential.Username ?? "<identity token>"}' ({scheme} auth): wrong username or password, or no access";
    }

    private async Task<string> GetTokenAsync(AuthChallenge challenge, string scope, RequestTarget target, CancellationToken cancellationToken)
    {
        var now = options.Time.GetUtcNow();
        if (_tokens.TryGetValue(scope, out var cached) && cached.ValidUntil > now)
        {
            return cached.Token;
        }

        var gate = _tokenLocks.GetOrAdd(scope, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            now = options.Time.GetUtcNow();
            if (_tokens.TryGetValue(scope, out cached) && cached.ValidUntil > now)
            {
                return cached.Token;
            }

            var response = await FetchTokenAsync(challenge, scope, target, cancellationToken).ConfigureAwait(false);
            // Renew a little early so a token does not expire between the check and the registry's.
            var skew = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, response.ExpiresIn.Ticks / 10));
            _tokens[scope] = new CachedToken(response.Token, options.Time.GetUtcNow() + response.ExpiresIn - skew);
            return response.Token;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<TokenResponse> FetchTokenAsync(AuthChallenge challenge, string scope, RequestTarget target, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            throw new RegistryException(RegistryErrorKind.Protocol, registry, target.Repository, target.Reference, HttpStatusCode.Unauthorized,
                $"the Bearer challenge has no usable realm ('{JsonFields.Clip(challenge.Realm)}').");
        }

        if (realm.Scheme == Uri.UriSchemeHttp && !allowPlainHttpRealm && !RegistryEndpoint.IsLoopbackHost(realm.Host))
        {
            throw new RegistryException(RegistryErrorKind.Protocol, registry, target.Repository, target.Reference, HttpStatusCode.Unauthorized,
                $"the token realm {realm} is plain HTTP; pass --insecure to send credentials there.");
        }

        var credential = await GetCredentialAsync(cancellationToken).ConfigureAwait(false);
        var query = new List<KeyValuePair<string, string>>();
        if (challenge.Service is { } service)
        {
            query.Add(new("service", service));
        }

        query.Add(new("scope", scope));
        Interlocked.Increment(ref _tokenRequests);
        using var response = await RetryingSender.SendAsync(http, _ =>
        {
            HttpRequestMessage request;
            if (credential?.IdentityToken is { } refreshToken)
            {
                // An identity token is an OAuth2 refresh token: exchange it with a POST (Docker CLI behaviour).
                request = new HttpRequestMessage(HttpMethod.Post, realm)
                {
                    Content = new FormUrlEncodedContent(
                    [
                        .. query,
                        new("grant_type", "refresh_token"),
                        new("client_id", options.UserAgent),
                        new("refresh_token", refreshToken),
                    ]),
                };
            }
            else
            {
                var queryAdditions = query.ToList();
                if (credential is { HasPassword: true })
                {
                    queryAdditions.Add(new("account", credential.Username!));
                }

                var builder = new UriBuilder(realm);
                var existing = builder.Query.TrimStart('?');
                var added = string.Join("&", queryAdditions.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
                builder.Query = existing.Length == 0 ? added : existing + "&" + added;
                request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
                if (credential is { HasPassword: true })
                {
                    request.Headers.Authorization = BasicHeader(credential);
                }
            }

            request.Headers.UserAgent.ParseAdd(options.UserAgent);
            return Task.FromResult(request);
        }, options.Retry, options.Time, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var who = credential is null ? "anonymous access" : $"the credentials of user '{credential.Username ?? "<identity token>"}'";
            throw new RegistryException(RegistryErrorKind.Unauthorized, registry, target.Repository, target.Reference, response.StatusCode,
                $"the token server {realm.GetLeftPart(UriPartial.Path)} refused {who} for scope '{scope}'.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryException(
                response.StatusCode == HttpStatusCode.TooManyRequests ? RegistryErrorKind.RateLimited : RegistryErrorKind.ServerError,
                registry, target.Repository, target.Reference, response.StatusCode,
                $"the token server {realm.GetLeftPart(UriPartial.Path)} failed for scope '{scope}'.");
        }

        var (outcome, bytes, _) = await BoundedBody.ReadAsync(response.Content, options.Limits.MaxListingBytes, cancellationToken, options.RequestTimeout).ConfigureAwait(false);
        if (outcome != BoundedBody.Outcome.Complete)
        {
            throw new RegistryException(outcome == BoundedBody.Outcome.TooLarge ? RegistryErrorKind.TooLarge : RegistryErrorKind.Truncated,
                registry, target.Repository, target.Reference, response.StatusCode, $"the token response from {realm.GetLeftPart(UriPartial.Path)} is {outcome.ToString().ToLowerInvariant()}.");
        }

        try
        {
            return RegistryResponses.ParseToken(bytes, $"token response from {realm.GetLeftPart(UriPartial.Path)}", options.Limits.MaxListingBytes);
        }
        catch (InputException e)
        {
            throw new RegistryException(RegistryErrorKind.Protocol, registry, target.Repository, target.Reference, response.StatusCode, e.Message, e);
        }
    }

    private async Task<RegistryCredential?> GetCredentialAsync(CancellationToken cancellationToken)
    {
        if (_credentialLoaded || credentials is null)
        {
            return _credential;
        }

        await _credentialLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_credentialLoaded)
            {
                _credential = await credentials.GetAsync(registry, cancellationToken).ConfigureAwait(false);
                _credentialLoaded = true;
            }

            return _credential;
        }
        finally
        {
            _credentialLock.Release();
        }
    }

    private static AuthenticationHeaderValue BasicHeader(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

    private sealed record CachedToken(string Token, DateTimeOffset ValidUntil);
}
