namespace Tether.Server.Access;

/// <summary>Claims the bearer handler puts on a principal, and how it was authenticated.</summary>
public static class AccessClaims
{
    public const string Name = "tether:name";
    public const string Role = "tether:role";
    public const string Scope = "tether:scope";
    public const string Method = "tether:auth";

    /// <summary>GitHub Actions OIDC: the <c>repository</c> claim (<c>owner/repo</c>).</summary>
    public const string Repository = "tether:repository";

    public const string ApiTokenMethod = "api-token";
    public const string GitHubOidcMethod = "github-oidc";

    /// <summary>The scope of a pipeline's token: it may post CI reports and nothing else.</summary>
    public const string CiReportScope = "ci-report";
}
