using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tether.Server.Access.Oidc;

namespace Tether.Server.Access;

/// <summary>Registers authentication (policy scheme → bearer or cookie) and the role policies.</summary>
public static class AccessExtensions
{
    public static IServiceCollection AddTetherAccess(this IServiceCollection services, AccessOptions access, GitHubOidcOptions oidc)
    {
        services.AddSingleton(access);
        services.AddSingleton(oidc);
        services.AddSingleton<ITokenValidator, StoredTokenValidator>();
        services.AddHttpClient(GitHubOidcValidator.HttpClientName);
        services.AddSingleton<GitHubOidcValidator>();
        services.AddSingleton<TokenIssuer>();
        services.AddAuthentication(AccessSchemes.Default)
            .AddPolicyScheme(AccessSchemes.Default, "Tether", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey("Authorization") || access.CookieScheme is null ? AccessSchemes.Bearer : access.CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(AccessSchemes.Bearer, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.View, p => p.RequireAuthenticatedUser().RequireAssertion(c => HasRole(c.User, Roles.Viewer)))
            .AddPolicy(Policies.Analyze, p => p.RequireAuthenticatedUser().RequireAssertion(c => HasRole(c.User, Roles.Analyst)))
            .AddPolicy(Policies.Administer, p => p.RequireAuthenticatedUser().RequireAssertion(c => HasRole(c.User, Roles.Admin)))
            .AddPolicy(Policies.ReportCi, p => p.RequireAuthenticatedUser().RequireAssertion(MayReportCi));
        return services;
    }

    /// <summary>
    /// At least <paramref name="least"/>, and not a scoped token: a scoped token (a pipeline's) may call only the
    /// endpoints of its scopes, so a leaked CI secret cannot read the inventory.
    /// </summary>
    public static bool HasRole(ClaimsPrincipal user, string least)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.HasClaim(c => c.Type == AccessClaims.Scope) && Roles.Rank(user.FindFirstValue(AccessClaims.Role)) >= Roles.Rank(least);
    }

    private static bool MayReportCi(AuthorizationHandlerContext context)
    {
        var user = context.User;
        if (user.FindFirstValue(AccessClaims.Method) == AccessClaims.GitHubOidcMethod)
        {
            // The token is genuine; whether its repository may report is the allow-list's call (403 otherwise).
            var options = (context.Resource as HttpContext)?.RequestServices.GetRequiredService<GitHubOidcOptions>();
            return options is not null && options.Allows(user.FindFirstValue(AccessClaims.Repository));
        }

        return user.HasClaim(AccessClaims.Scope, AccessClaims.CiReportScope) || HasRole(user, Roles.Analyst);
    }
}
