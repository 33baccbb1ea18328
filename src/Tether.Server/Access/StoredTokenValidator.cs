using System.Security.Cryptography;
using Tether.Core.Access;

namespace Tether.Server.Access;

/// <summary>
/// <see cref="ITokenValidator"/> over the token store: the presented secret is hashed, the row found by the hash's
/// lookup key, then the full hashes compared in constant time; revoked and expired tokens are unknown.
/// </summary>
public sealed class StoredTokenValidator(IApiTokenStore store, TimeProvider time) : ITokenValidator
{
    public async ValueTask<TokenIdentity?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || !TokenSecrets.LooksLikeSecret(token))
        {
            return null;
        }

        var hash = TokenSecrets.Hash(token);
        var now = time.GetUtcNow();
        foreach (var candidate in await store.FindByLookupKeyAsync(TokenSecrets.LookupKey(hash), cancellationToken).ConfigureAwait(false))
        {
            if (CryptographicOperations.FixedTimeEquals(candidate.SecretHash, hash) && candidate.IsActiveAt(now))
            {
                return new TokenIdentity(candidate.Name, candidate.Role, candidate.Scopes);
            }
        }

        return null;
    }
}
