namespace Tether.Core.Access;

/// <summary>
/// An API token as stored: never the secret, only its SHA-256 (<see cref="SecretHash"/>) and the hash's first bytes
/// in hex (<see cref="LookupKey"/>) to find the row before the full hash is compared in constant time.
/// </summary>
public sealed record ApiTokenRecord(
    string Name,
    string Role,
    IReadOnlyList<string> Scopes,
    string LookupKey,
    byte[] SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>The API tokens of <c>tether serve</c>. Backends (SQLite, PostgreSQL) share one relational implementation.</summary>
public interface IApiTokenStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a new token; false when a token of that name exists (names are never reused, even revoked).</summary>
    Task<bool> CreateAsync(ApiTokenRecord token, CancellationToken cancellationToken = default);

    /// <summary>Every token (revoked and expired ones too), ordered by name.</summary>
    Task<IReadOnlyList<ApiTokenRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Tokens whose <see cref="ApiTokenRecord.LookupKey"/> is <paramref name="lookupKey"/> (normally one).</summary>
    Task<IReadOnlyList<ApiTokenRecord>> FindByLookupKeyAsync(string lookupKey, CancellationToken cancellationToken = default);

    /// <summary>Marks the token revoked at <paramref name="at"/>; false when no unrevoked token has that name.</summary>
    Task<bool> RevokeAsync(string name, DateTimeOffset at, CancellationToken cancellationToken = default);
}
