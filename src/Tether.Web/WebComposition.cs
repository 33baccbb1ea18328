using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tether.Web.Access;
using Tether.Web.Components;
using Tether.Web.Data;

namespace Tether.Web;

/// <summary>The UI as one module: <c>services.AddTetherWeb()</c> then <c>app.MapTetherWeb()</c>.</summary>
public static class WebComposition
{
    /// <summary>
    /// Registers the server-rendered pages, the UI's cookie sign-in and the read models. The caller registers an
    /// <see cref="ISignInCheck"/> (the server adapts its API-token store to it).
    /// </summary>
    public static IServiceCollection AddTetherWeb(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddHttpContextAccessor();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "tether_af";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
        });
        services.AddAuthentication().AddCookie(WebAuth.Scheme, options =>
        {
            options.Cookie.Name = WebAuth.CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            // Secure when served over HTTPS; `tether serve` on loopback is plain HTTP.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/signin";
            options.AccessDeniedPath = "/signin";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(WebAuth.ViewPolicy, policy => policy.AddAuthenticationSchemes(WebAuth.Scheme).RequireAuthenticatedUser());
        services.AddSingleton<OverviewReader>();
        services.AddSingleton<InventoryReader>();
        return services;
    }

    /// <summary>
    /// Adds the antiforgery check the sign-in and sign-out forms need (after the authentication and authorization
    /// middleware the host adds for itself) and maps the pages, the sign-out endpoint, the fix actions' issue Markdown and the embedded CSS/JS.
    /// </summary>
    public static WebApplication MapTetherWeb(this WebApplication endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.UseAntiforgery();
        AssetEndpoints.Map(endpoints);
        RecommendationIssueEndpoint.Map(endpoints);
        endpoints.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(WebAuth.Scheme).ConfigureAwait(false);
            return Results.Redirect("/signin");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
        endpoints.MapRazorComponents<App>();
        return endpoints;
    }
}
