using Tether.Core.Graph;

namespace Tether.Storage.Postgres;

/// <summary>The server store: a PostgreSQL database, migrated on first use, shared by any number of writers.</summary>
public static class PostgresGraphStore
{
    /// <summary>
    /// Opens (migrating if needed) the store in the database <paramref name="connectionString"/> names
    /// (a <c>postgres://</c> URL or Npgsql keywords; see <see cref="PostgresConnectionString"/>).
    /// </summary>
    public static async Task<IGraphStore> OpenAsync(string connectionString, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var dialect = PostgresDatabase.Dialect(connectionString);
        var store = new Store(dialect, time);
        await PostgresDatabase.InitializeAsync(dialect, () => store.InitializeAsync(cancellationToken)).ConfigureAwait(false);
        return store;
    }

    /// <summary>Closes the connection pool with the store.</summary>
    private sealed class Store(PostgresDialect dialect, TimeProvider time) : RelationalGraphStore(dialect, time)
    {
        public override async ValueTask DisposeAsync()
        {
            await dialect.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
