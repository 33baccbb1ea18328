using Microsoft.Extensions.DependencyInjection;
using Tether.Web.Access;

namespace Tether.Server.Access;

/// <summary>
/// The web UI's sign-in checks API tokens with the server's <see cref="ITokenValidator"/>, roles mapped to UI rights.
/// The validator is looked up per check, so the pages render (and refuse every token) while no token store is set up.
/// </summary>
internal sealed class TokenSignInCheck(IServiceProvider services) : ISignInCheck
{
    public async ValueTask<WebIdentity?> CheckAsync(string token, CancellationToken cancellationToken)
    {
        if (services.GetService<ITokenValidator>() is not { } tokens)
        {
            return null;
        }

        var identity = await tokens.ValidateAsync(token, cancellationToken).ConfigureAwait(false);
        // A scoped token (a pipeline's CI-report secret) may call its scope's endpoints only, never sign in to the UI.
        return identity is null || !Roles.IsKnown(identity.Role) || identity.Scopes.Count > 0
            ? null
            : new WebIdentity(identity.Name, identity.Role, Roles.Rank(identity.Role) >= Roles.Rank(Roles.Analyst), Roles.Rank(identity.Role) >= Roles.Rank(Roles.Admin));
    }
}
