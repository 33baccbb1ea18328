using Tether.Core.Coordination;
using Tether.Storage.Coordination;

namespace Tether.Storage.Postgres;

/// <summary>The collector leases in the PostgreSQL store (the same database as the graph).</summary>
public static class PostgresLeaseStore
{
    public static async Task<ILeaseStore> OpenAsync(string connectionString, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var dialect = PostgresDatabase.Dialect(connectionString);
        var store = new Store(dialect, time);
        await PostgresDatabase.InitializeAsync(dialect, () => store.InitializeAsync(cancellationToken)).ConfigureAwait(false);
        return store;
    }

    /// <summary>Closes the connection pool with the store.</summary>
    private sealed class Store(PostgresDialect dialect, TimeProvider time) : RelationalLeaseStore(dialect, time)
    {
        public override async ValueTask DisposeAsync()
        {
            await dialect.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
