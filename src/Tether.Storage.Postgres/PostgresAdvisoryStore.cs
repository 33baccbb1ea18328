using Tether.Core.Advisories;
using Tether.Storage.Advisories;

namespace Tether.Storage.Postgres;

/// <summary>The advisory database in the PostgreSQL store (the same database as the graph).</summary>
public static class PostgresAdvisoryStore
{
    /// <summary>Opens (migrating if needed) the advisory database in the database <paramref name="connectionString"/> names.</summary>
    public static async Task<IAdvisoryStore> OpenAsync(string connectionString, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var dialect = PostgresDatabase.Dialect(connectionString);
        var store = new Store(dialect, time);
        await PostgresDatabase.InitializeAsync(dialect, () => store.InitializeAsync(cancellationToken)).ConfigureAwait(false);
        return store;
    }

    /// <summary>Closes the connection pool with the store.</summary>
    private sealed class Store(PostgresDialect dialect, TimeProvider time) : RelationalAdvisoryStore(dialect, time)
    {
        public override async ValueTask DisposeAsync()
        {
            await dialect.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
