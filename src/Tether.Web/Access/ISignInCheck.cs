namespace Tether.Web.Access;

/// <summary>Who signed in: the token's name and role, with what the role allows in the UI.</summary>
/// <param name="Name">The token's name (never the secret).</param>
/// <param name="Role">viewer, analyst or admin.</param>
/// <param name="CanAnalyze">Analyst or more: may copy findings as issues and act on them.</param>
/// <param name="CanAdminister">Admin: sees the administration links.</param>
public sealed record WebIdentity(string Name, string Role, bool CanAnalyze, bool CanAdminister);

/// <summary>
/// Checks the API token typed into the sign-in form. The server adapts its token store to this seam, so the UI
/// depends on no server type (the server composes the UI, not the other way round).
/// </summary>
public interface ISignInCheck
{
    ValueTask<WebIdentity?> CheckAsync(string token, CancellationToken cancellationToken);
}
