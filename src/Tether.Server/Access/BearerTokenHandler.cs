using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tether.Server.Access.Oidc;

namespace Tether.Server.Access;

/// <summary>
/// <c>Authorization: Bearer …</c>: an API token (<c>tth_…</c>, checked by <see cref="ITokenValidator"/>) or, when
/// configured, a GitHub Actions OIDC token (a JWT checked by <see cref="GitHubOidcValidator"/>). No header: no result
/// (the policy then challenges with 401); a bad token: failure (401). The token is never logged.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ITokenValidator tokens,
    GitHubOidcValidator oidc)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("only bearer tokens are accepted");
        }

        var token = header[BearerPrefix.Length..].Trim();
        if (TokenSecrets.LooksLikeSecret(token))
        {
            var identity = await tokens.ValidateAsync(token, Context.RequestAborted).ConfigureAwait(false);
            if (identity is null)
            {
                return AuthenticateResult.Fail("unknown, revoked or expired token");
            }

            var claims = new List<Claim>
            {
                new(AccessClaims.Name, identity.Name),
                new(AccessClaims.Role, identity.Role),
                new(AccessClaims.Method, AccessClaims.ApiTokenMethod),
            };
            claims.AddRange(identity.Scopes.Select(s => new Claim(AccessClaims.Scope, s)));
            return Success(claims);
        }

        if (oidc.Enabled && token.Count(c => c == '.') == 2)
        {
            var result = await oidc.ValidateAsync(token, Context.RequestAborted).ConfigureAwait(false);
            if (result.Identity is not { } ci)
            {
                return AuthenticateResult.Fail($"OIDC token rejected: {result.Error}");
            }

            return Success(
            [
                new(AccessClaims.Name, $"github-oidc:{ci.Subject}"),
                new(AccessClaims.Method, AccessClaims.GitHubOidcMethod),
                new(AccessClaims.Repository, ci.Repository),
                new(AccessClaims.Scope, AccessClaims.CiReportScope),
            ]);
        }

        return AuthenticateResult.Fail("not a Tether API token" + (oidc.Enabled ? " or an OIDC token" : ""));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private AuthenticateResult Success(List<Claim> claims)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, AccessClaims.Name, AccessClaims.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}
