namespace Tether.Server.Access;

/// <summary>
/// The three roles a token carries. They nest: an admin may do what an analyst may, an analyst what a viewer may,
/// so endpoints ask for the least role they need (a policy) rather than listing roles.
/// </summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    /// <summary>Viewer 1, analyst 2, admin 3; 0 for anything else.</summary>
    public static int Rank(string? role) => role switch
    {
        Viewer => 1,
        Analyst => 2,
        Admin => 3,
        _ => 0,
    };

    public static bool IsKnown(string? role) => Rank(role) > 0;
}

/// <summary>Authorization policy names: "at least this role".</summary>
public static class Policies
{
    public const string View = "view";
    public const string Analyze = "analyze";
    public const string Administer = "administer";

    /// <summary>CI report upload: a GitHub Actions OIDC token or a token scoped to CI reports.</summary>
    public const string ReportCi = "report-ci";
}
