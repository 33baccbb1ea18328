using System.Security.Cryptography;
using System.Text;
using Tether.Core.Access;
using Tether.Testing;
using Xunit;

namespace Tether.Storage.Conformance;

/// <summary>What every <see cref="IApiTokenStore"/> backend must do. A backend's test project derives from this class.</summary>
public abstract class ApiTokenStoreConformanceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);

    /// <summary>A new, empty, initialized store whose clock is <paramref name="time"/>.</summary>
    protected abstract Task<IApiTokenStore> CreateStoreAsync(TimeProvider time);

    private static ApiTokenRecord Token(string name, string secret, string role = "viewer", DateTimeOffset? expires = null, params string[] scopes)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        return new ApiTokenRecord(name, role, scopes, Convert.ToHexStringLower(hash)[..16], hash, T0, expires, null);
    }

    [Fact]
    public async Task A_token_round_trips_with_its_hash_scopes_and_expiry()
    {
        await using var store = await CreateStoreAsync(new ManualClock(T0));
        var token = Token("ci-payments", "tth_secret-1", "analyst", T0.AddDays(90), "ci-report");
        Assert.True(await store.CreateAsync(token));
        var found = Assert.Single(await store.FindByLookupKeyAsync(token.LookupKey));
        Assert.Equal("ci-payments", found.Name);
        Assert.Equal("analyst", found.Role);
        Assert.Equal(["ci-report"], found.Scopes);
        Assert.Equal(token.SecretHash, found.SecretHash);
        Assert.Equal(T0, found.CreatedAt);
        Assert.Equal(T0.AddDays(90), found.ExpiresAt);
        Assert.Null(found.RevokedAt);
        Assert.Empty(await store.FindByLookupKeyAsync("0000000000000000"));
    }

    [Fact]
    public async Task A_name_is_never_reused_even_after_revocation()
    {
        await using var store = await CreateStoreAsync(new ManualClock(T0));
        Assert.True(await store.CreateAsync(Token("ops", "tth_a")));
        Assert.False(await store.CreateAsync(Token("ops", "tth_b", "admin")));
        Assert.True(await store.RevokeAsync("ops", T0.AddHours(1)));
        Assert.False(await store.CreateAsync(Token("ops", "tth_c")));
        var only = Assert.Single(await store.ListAsync());
        Assert.Equal("viewer", only.Role);
    }

    [Fact]
    public async Task Revoking_marks_the_token_once_and_listing_keeps_it()
    {
        await using var store = await CreateStoreAsync(new ManualClock(T0));
        Assert.True(await store.CreateAsync(Token("b-viewer", "tth_1")));
        Assert.True(await store.CreateAsync(Token("a-admin", "tth_2", "admin")));
        Assert.True(await store.RevokeAsync("b-viewer", T0.AddHours(2)));
        Assert.False(await store.RevokeAsync("b-viewer", T0.AddHours(3)));
        Assert.False(await store.RevokeAsync("missing", T0));
        var all = await store.ListAsync();
        Assert.Equal(["a-admin", "b-viewer"], all.Select(t => t.Name));
        Assert.Equal(T0.AddHours(2), all[1].RevokedAt);
        Assert.False(all[1].IsActiveAt(T0.AddHours(2)));
        Assert.True(all[0].IsActiveAt(T0.AddYears(10)));
    }
}
