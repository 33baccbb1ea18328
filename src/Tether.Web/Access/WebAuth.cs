using System.Security.Claims;

namespace Tether.Web.Access;

/// <summary>The UI's own cookie scheme, claims and policies, kept apart from the API's bearer scheme.</summary>
public static class WebAuth
{
    public const string Scheme = "tether-ui";
    public const string CookieName = "tether_ui";

    public const string RoleClaim = "tether:role";
    public const string AnalyzeClaim = "tether:can-analyze";
    public const string AdministerClaim = "tether:can-administer";

    /// <summary>Any signed-in UI user.</summary>
    public const string ViewPolicy = "tether-ui-view";

    public static ClaimsPrincipal Principal(WebIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, identity.Name),
            new(RoleClaim, identity.Role),
        };
        if (identity.CanAnalyze)
        {
            claims.Add(new Claim(AnalyzeClaim, "true"));
        }

        if (identity.CanAdminister)
        {
            claims.Add(new Claim(AdministerClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, ClaimTypes.Name, RoleClaim));
    }

    public static bool CanAnalyze(ClaimsPrincipal? user) => user?.HasClaim(AnalyzeClaim, "true") == true;

    public static bool CanAdminister(ClaimsPrincipal? user) => user?.HasClaim(AdministerClaim, "true") == true;

    public static string Role(ClaimsPrincipal? user) => user?.FindFirst(RoleClaim)?.Value ?? "";
}
