namespace Tether.Core.Coordination;

/// <summary>Who holds a named lease, and until when (the store's clock).</summary>
public sealed record Lease(string Name, string Holder, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Leases in the database: several <c>tether serve</c> replicas on one store agree that one of them runs each
/// background collector at a time, without a protocol of their own. A holder that stops renewing loses the lease
/// when it expires, so a crashed replica never blocks the others for longer than the time to live.
/// </summary>
public interface ILeaseStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Takes the lease for <paramref name="ttl"/> when it is free, expired or already <paramref name="holder"/>'s.</summary>
    Task<bool> TryAcquireAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease to now + <paramref name="ttl"/>; false when <paramref name="holder"/> no longer holds it.</summary>
    Task<bool> RenewAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up (only <paramref name="holder"/>'s own); others may take it at once.</summary>
    Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default);

    /// <summary>The current row of the lease (possibly expired), or null.</summary>
    Task<Lease?> GetAsync(string name, CancellationToken cancellationToken = default);
}
