using System.Text.RegularExpressions;
using Tether.Core.Access;

namespace Tether.Server.Access;

/// <summary>A token just created: the only moment its secret exists outside the caller's hands.</summary>
public sealed record IssuedToken(ApiTokenRecord Record, string Secret);

/// <summary>Creates, lists and revokes API tokens (used by <c>tether token …</c> and the admin API).</summary>
public sealed partial class TokenIssuer(IApiTokenStore store, TimeProvider time)
{
    /// <summary>Scopes a token may be restricted to. A scoped token may call only the endpoints of its scopes.</summary>
    public static readonly IReadOnlySet<string> KnownScopes = new HashSet<string>(StringComparer.Ordinal) { AccessClaims.CiReportScope };

    /// <summary>Creates a token; throws <see cref="ArgumentException"/> naming the bad field, or <see cref="InvalidOperationException"/> when the name is taken.</summary>
    public async Task<IssuedToken> CreateAsync(string name, string role, IReadOnlyList<string> scopes, TimeSpan? lifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"name '{name}' must be 1-64 characters of [A-Za-z0-9._-].", nameof(name));
        }

        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"role '{role}' must be one of {Roles.Viewer}, {Roles.Analyst}, {Roles.Admin}.", nameof(role));
        }

        if (scopes.FirstOrDefault(s => !KnownScopes.Contains(s)) is { } unknown)
        {
            throw new ArgumentException($"scope '{unknown}' is not known (known: {string.Join(", ", KnownScopes)}).", nameof(scopes));
        }

        if (lifetime is { } l && l <= TimeSpan.Zero)
        {
            throw new ArgumentException("expires must be a positive duration.", nameof(lifetime));
        }

        var now = time.GetUtcNow();
        var secret = TokenSecrets.NewSecret();
        var hash = TokenSecrets.Hash(secret);
        var record = new ApiTokenRecord(name, role, [.. scopes.Distinct(StringComparer.Ordinal)], TokenSecrets.LookupKey(hash), hash, now, now + lifetime, null);
        if (!await store.CreateAsync(record, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"a token named '{name}' exists already (names are not reused, even after revocation).");
        }

        return new IssuedToken(record, secret);
    }

    public Task<IReadOnlyList<ApiTokenRecord>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public Task<bool> RevokeAsync(string name, CancellationToken cancellationToken) => store.RevokeAsync(name, time.GetUtcNow(), cancellationToken);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}
