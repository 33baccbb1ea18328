using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Tether.Server.Access.Oidc;

/// <summary>A verified GitHub Actions identity: the workflow run's repository and the token's subject.</summary>
public sealed record CiIdentity(string Repository, string Subject);

public sealed record OidcResult(CiIdentity? Identity, string? Error);

/// <summary>
/// Verifies a GitHub Actions OIDC token by hand with System.Security.Cryptography: RS256 only (the <c>alg</c> is
/// pinned, so neither <c>none</c> nor an HMAC-with-the-public-key confusion can pass), signature against the issuer's
/// JWKS key named by <c>kid</c>, then <c>iss</c>, <c>aud</c>, <c>exp</c>/<c>nbf</c> with a small skew and a
/// <c>repository</c> claim. Whether that repository may report is decided by the authorization policy.
/// </summary>
public sealed partial class GitHubOidcValidator
{
    public const string HttpClientName = "github-oidc";
    private readonly GitHubOidcOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GitHubOidcValidator> _logger;

    public GitHubOidcValidator(GitHubOidcOptions options, IHttpClientFactory clients, TimeProvider time, ILogger<GitHubOidcValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _options = options;
        _time = time;
        _logger = logger;
        var http = clients.CreateClient(HttpClientName);
        http.Timeout = TimeSpan.FromSeconds(10);
        Keys = new JwksCache(http, options, time);
    }

    public bool Enabled => _options.Enabled;

    public JwksCache Keys { get; }

    public async Task<OidcResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var jwt = JwtToken.TryParse(token, out var error);
        if (jwt is null)
        {
            return Reject(error!);
        }

        if (jwt.String(jwt.Header, "alg") != "RS256")
        {
            return Reject("alg must be RS256");
        }

        if (jwt.String(jwt.Header, "kid") is not { Length: > 0 and <= 256 } kid)
        {
            return Reject("no kid");
        }

        RSAParameters? key;
        try
        {
            key = await Keys.FindAsync(kid, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            LogJwksUnavailable(_logger, _options.Issuer, e.Message);
            return Reject("the issuer's keys could not be fetched");
        }

        if (key is null)
        {
            return Reject("unknown kid");
        }

        using (var rsa = RSA.Create(key.Value))
        {
            if (!rsa.VerifyData(jwt.SigningInput, jwt.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return Reject("bad signature");
            }
        }

        if (!string.Equals(jwt.String(jwt.Payload, "iss"), _options.Issuer, StringComparison.Ordinal))
        {
            return Reject("wrong issuer");
        }

        if (!jwt.Audiences().Contains(_options.Audience, StringComparer.Ordinal))
        {
            return Reject("wrong audience");
        }

        var now = _time.GetUtcNow();
        if (jwt.Time("exp") is not { } expires || expires + _options.ClockSkew < now)
        {
            return Reject("expired");
        }

        if (jwt.Time("nbf") is { } notBefore && notBefore - _options.ClockSkew > now)
        {
            return Reject("not valid yet");
        }

        if (jwt.String(jwt.Payload, "repository") is not { Length: > 0 } repository)
        {
            return Reject("no repository claim");
        }

        return new OidcResult(new CiIdentity(repository, jwt.String(jwt.Payload, "sub") ?? repository), null);
    }

    private OidcResult Reject(string reason)
    {
        LogRejected(_logger, reason);
        return new OidcResult(null, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OIDC token rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC keys of {Issuer} unavailable: {Error}")]
    private static partial void LogJwksUnavailable(ILogger logger, string issuer, string error);
}
