namespace Tether.Server.Access.Oidc;

/// <summary>
/// GitHub Actions OIDC for CI reports. Disabled until an <see cref="Audience"/> is set: a token minted for another
/// audience (another service) must never be accepted here.
/// </summary>
public sealed class GitHubOidcOptions
{
    public const string GitHubIssuer = "https://token.actions.githubusercontent.com";

    /// <summary>Expected <c>iss</c>; its <c>/.well-known/openid-configuration</c> names the JWKS.</summary>
    public string Issuer { get; set; } = GitHubIssuer;

    /// <summary>Expected <c>aud</c> (the workflow asks for it: <c>core.getIDToken(audience)</c>); null disables OIDC.</summary>
    public string? Audience { get; set; }

    /// <summary>Repositories allowed to report: <c>owner/repo</c>, <c>owner/*</c> or <c>owner</c> (every repository of the owner).</summary>
    public IList<string> AllowedRepositories { get; init; } = [];

    /// <summary>Tolerance on <c>exp</c>/<c>nbf</c> for clocks that differ a little.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>At most one JWKS fetch per this interval when a token names an unknown key id.</summary>
    public TimeSpan JwksRefetchInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>JWKS older than this is fetched again before use (key rotation).</summary>
    public TimeSpan JwksMaxAge { get; set; } = TimeSpan.FromHours(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(Audience);

    /// <summary>True when <paramref name="repository"/> (<c>owner/repo</c>) matches an allow-list entry (case-insensitive, as GitHub names are).</summary>
    public bool Allows(string? repository)
    {
        if (string.IsNullOrEmpty(repository) || repository.Split('/') is not [var owner, var name] || owner.Length == 0 || name.Length == 0)
        {
            return false;
        }

        foreach (var entry in AllowedRepositories)
        {
            var allowed = entry.Trim();
            if (string.Equals(allowed, repository, StringComparison.OrdinalIgnoreCase)
                || string.Equals(allowed, owner, StringComparison.OrdinalIgnoreCase)
                || string.Equals(allowed, owner + "/*", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
