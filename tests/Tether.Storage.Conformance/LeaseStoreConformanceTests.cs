using Tether.Core.Coordination;
using Tether.Testing;
using Xunit;

namespace Tether.Storage.Conformance;

/// <summary>
/// What every <see cref="ILeaseStore"/> backend must do: one holder at a time, takeover only after expiry, renewals and
/// releases only by the holder. A backend's test project derives from this class.
/// </summary>
public abstract class LeaseStoreConformanceTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    /// <summary>A new, empty, initialized store whose clock is <paramref name="time"/>.</summary>
    protected abstract Task<ILeaseStore> CreateStoreAsync(TimeProvider time);

    [Fact]
    public async Task A_free_lease_goes_to_the_first_holder_and_not_to_a_second()
    {
        var clock = new ManualClock();
        await using var store = await CreateStoreAsync(clock);
        Assert.True(await store.TryAcquireAsync("collector/k8s", "replica-a", Ttl));
        Assert.False(await store.TryAcquireAsync("collector/k8s", "replica-b", Ttl));
        var lease = await store.GetAsync("collector/k8s");
        Assert.NotNull(lease);
        Assert.Equal("replica-a", lease.Holder);
        Assert.Equal(clock.GetUtcNow() + Ttl, lease.ExpiresAt);
    }

    [Fact]
    public async Task Leases_of_different_names_are_independent()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        Assert.True(await store.TryAcquireAsync("collector/k8s", "replica-a", Ttl));
        Assert.True(await store.TryAcquireAsync("collector/registry", "replica-b", Ttl));
        Assert.Equal("replica-b", (await store.GetAsync("collector/registry"))!.Holder);
    }

    [Fact]
    public async Task The_holder_acquiring_again_extends_its_own_lease()
    {
        var clock = new ManualClock();
        await using var store = await CreateStoreAsync(clock);
        Assert.True(await store.TryAcquireAsync("collector/k8s", "replica-a", Ttl));
        var acquired = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await store.TryAcquireAsync("collector/k8s", "replica-a", Ttl));
        var lease = (await store.GetAsync("collector/k8s"))!;
        Assert.Equal(acquired, lease.AcquiredAt);
        Assert.Equal(clock.GetUtcNow() + Ttl, lease.ExpiresAt);
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_by_another_holder()
    {
        var clock = new ManualClock();
        await using var store = await CreateStoreAsync(clock);
        Assert.True(await store.TryAcquireAsync("collector/k8s", "replica-a", Ttl));
        clock.Advance(Ttl - TimeSpan.FromSeconds(1));
        Assert.False(await store.TryAcquireAsync("collector/k8s", "replica-b", Ttl));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await store.TryAcquireAsync("collector/k8s", "replica-b", Ttl));
        var lease = (await store.GetAsync("collector/k8s"))!;
        Assert.Equal("replica-b", lease.Holder);
        Assert.Equal(clock.GetUtcNow(), lease.AcquiredAt);

        // The old holder has lost it: it can neither renew nor take it back.
        Assert.False(await store.RenewAsync("collector/k8s", "replica-a", Ttl));
        Assert.False(await store.TryAcquireAsync("collector/k8s", "replica-a", Ttl));
    }

    [Fact]
    public async Task Renewing_keeps_the_lease_past_its_first_expiry()
    {
        var clock = new ManualClock();
        await using var store = await CreateStoreAsync(clock);
        Assert.True(await store.TryAcquireAsync("collector/k8s", "replica-a", Ttl));
        clock.Advance(TimeSpan.FromSeconds(25));
        Assert.True(await store.RenewAsync("collector/k8s", "replica-a", Ttl));
        clock.Advance(TimeSpan.FromSeconds(25));
        Assert.False(await store.TryAcquireAsync("collector/k8s", "replica-b", Ttl));
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(5), (await store.GetAsync("collector/k8s"))!.ExpiresAt);
    }

    [Fact]
    public async Task Only_the_holder_releases_and_a_released_lease_is_free_at_once()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        Assert.True(await store.TryAcquireAsync("collector/k8s", "replica-a", Ttl));
        await store.ReleaseAsync("collector/k8s", "replica-b");
        Assert.Equal("replica-a", (await store.GetAsync("collector/k8s"))!.Holder);
        await store.ReleaseAsync("collector/k8s", "replica-a");
        Assert.Null(await store.GetAsync("collector/k8s"));
        Assert.True(await store.TryAcquireAsync("collector/k8s", "replica-b", Ttl));
    }

    [Fact]
    public async Task Of_many_concurrent_claims_on_a_free_lease_exactly_one_wins()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.TryAcquireAsync("collector/osv", $"replica-{i}", Ttl))));
        Assert.Equal(1, results.Count(won => won));
        Assert.Equal($"replica-{Array.IndexOf(results, true)}", (await store.GetAsync("collector/osv"))!.Holder);
    }
}
