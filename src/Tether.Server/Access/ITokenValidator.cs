namespace Tether.Server.Access;

/// <summary>Who a presented API token belongs to; null from the validator when it is unknown, revoked or expired.</summary>
/// <param name="Name">The token's name as created (shown in logs and the UI, never the secret).</param>
/// <param name="Role">One of <see cref="Roles"/>.</param>
/// <param name="Scopes">Extra narrow rights, e.g. <c>ci-report</c> for a pipeline's token.</param>
public sealed record TokenIdentity(string Name, string Role, IReadOnlyList<string> Scopes);

/// <summary>Checks an opaque API token (from the Authorization header or the UI's sign-in form).</summary>
public interface ITokenValidator
{
    ValueTask<TokenIdentity?> ValidateAsync(string token, CancellationToken cancellationToken);
}
