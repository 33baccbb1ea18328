using Tether.Core.Coordination;

namespace Tether.Storage.Coordination;

/// <summary>
/// <see cref="ILeaseStore"/> over portable SQL (table <c>leases</c>, migration 3). Each operation is one statement,
/// so the database's own row locking decides races between replicas: a free lease is taken by
/// <c>INSERT … ON CONFLICT DO NOTHING</c>, an expired one by a conditional <c>UPDATE … WHERE expires_at &lt; now OR holder = me</c>;
/// exactly one replica sees one affected row.
/// </summary>
public class RelationalLeaseStore(ISqlDialect dialect, TimeProvider time) : ILeaseStore
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await SchemaMigrator.MigrateAsync(connection, dialect, time, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        Validate(name, holder, ttl);
        var now = time.GetUtcNow();
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = connection.Command(
            "INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (@name, @holder, @now, @expires) ON CONFLICT (name) DO NOTHING"))
        {
            insert.Add("@name", name);
            insert.Add("@holder", holder);
            insert.Add("@now", now.ToUnixMs());
            insert.Add("@expires", (now + ttl).ToUnixMs());
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return true;
            }
        }

        // Taking over keeps acquired_at of a holder that re-acquires its own lease, and resets it for a new holder.
        await using var update = connection.Command(
            "UPDATE leases SET acquired_at = CASE WHEN holder = @holder THEN acquired_at ELSE @now END, holder = @holder, expires_at = @expires " +
            "WHERE name = @name AND (expires_at <= @now OR holder = @holder)");
        update.Add("@name", name);
        update.Add("@holder", holder);
        update.Add("@now", now.ToUnixMs());
        update.Add("@expires", (now + ttl).ToUnixMs());
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> RenewAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        Validate(name, holder, ttl);
        var now = time.GetUtcNow();
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = connection.Command("UPDATE leases SET expires_at = @expires WHERE name = @name AND holder = @holder");
        update.Add("@name", name);
        update.Add("@holder", holder);
        update.Add("@expires", (now + ttl).ToUnixMs());
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = connection.Command("DELETE FROM leases WHERE name = @name AND holder = @holder");
        delete.Add("@name", name);
        delete.Add("@holder", holder);
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Lease?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.Command("SELECT holder, acquired_at, expires_at FROM leases WHERE name = @name");
        select.Add("@name", name);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new Lease(name, reader.GetString(0), DbCommandExtensions.FromUnixMs(reader.GetInt64(1)), DbCommandExtensions.FromUnixMs(reader.GetInt64(2)))
            : null;
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private static void Validate(string name, string holder, TimeSpan ttl)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
    }
}
