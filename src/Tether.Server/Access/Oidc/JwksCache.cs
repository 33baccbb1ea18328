using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Tether.Server.Access.Oidc;

/// <summary>
/// The issuer's signing keys: <c>{issuer}/.well-known/openid-configuration</c> → <c>jwks_uri</c> → RSA keys by
/// <c>kid</c>. Cached for <see cref="GitHubOidcOptions.JwksMaxAge"/>; an unknown kid triggers a refetch (keys
/// rotate) at most once per <see cref="GitHubOidcOptions.JwksRefetchInterval"/>, so a flood of forged kids cannot make
/// the server hammer the issuer. Documents are bounded (1 MiB).
/// </summary>
public sealed class JwksCache(HttpClient http, GitHubOidcOptions options, TimeProvider time)
{
    private const int MaxDocumentBytes = 1024 * 1024;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, RSAParameters> _keys = new(StringComparer.Ordinal);
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    /// <summary>How many times the JWKS was fetched (observable for tests and metrics).</summary>
    public int Fetches { get; private set; }

    public async Task<RSAParameters?> FindAsync(string kid, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_keys.TryGetValue(kid, out var key) && now - _fetchedAt < options.JwksMaxAge)
        {
            return key;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            now = time.GetUtcNow();
            var stale = now - _fetchedAt >= options.JwksMaxAge;
            if (!_keys.ContainsKey(kid) || stale)
            {
                if (stale || now - _lastAttempt >= options.JwksRefetchInterval)
                {
                    _lastAttempt = now;
                    await RefreshAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return _keys.TryGetValue(kid, out key) ? key : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var issuer = options.Issuer.TrimEnd('/');
        using var configuration = await GetJsonAsync(new Uri(issuer + "/.well-known/openid-configuration"), cancellationToken).ConfigureAwait(false);
        if (!configuration.RootElement.TryGetProperty("jwks_uri", out var jwksUri) || jwksUri.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(jwksUri.GetString(), UriKind.Absolute, out var jwks))
        {
            throw new HttpRequestException($"{issuer}: the OpenID configuration names no jwks_uri");
        }

        using var document = await GetJsonAsync(jwks, cancellationToken).ConfigureAwait(false);
        var keys = new Dictionary<string, RSAParameters>(StringComparer.Ordinal);
        if (document.RootElement.TryGetProperty("keys", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var jwk in list.EnumerateArray())
            {
                if (Str(jwk, "kty") == "RSA" && Str(jwk, "kid") is { } kid && Str(jwk, "n") is { } n && Str(jwk, "e") is { } e
                    && Str(jwk, "use") is null or "sig")
                {
                    try
                    {
                        keys[kid] = new RSAParameters { Modulus = Base64Url.DecodeFromChars(n), Exponent = Base64Url.DecodeFromChars(e) };
                    }
                    catch (FormatException)
                    {
                        // A malformed key is skipped; tokens signed with it stay unverifiable.
                    }
                }
            }
        }

        _keys = keys;
        _fetchedAt = time.GetUtcNow();
        Fetches++;
    }

    private async Task<JsonDocument> GetJsonAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
        {
            throw new HttpRequestException($"{uri}: OIDC documents are fetched over https only");
        }

        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxDocumentBytes)
        {
            throw new HttpRequestException($"{uri}: document over {MaxDocumentBytes} bytes");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxDocumentBytes)
            {
                throw new HttpRequestException($"{uri}: document over {MaxDocumentBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return JsonDocument.Parse(buffer.ToArray());
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
