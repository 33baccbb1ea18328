using Tether.Core.Access;
using Tether.Storage.Access;

namespace Tether.Storage.Postgres;

/// <summary>The API tokens in the PostgreSQL store (the same database as the graph).</summary>
public static class PostgresApiTokenStore
{
    public static async Task<IApiTokenStore> OpenAsync(string connectionString, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var dialect = PostgresDatabase.Dialect(connectionString);
        var store = new Store(dialect, time);
        await PostgresDatabase.InitializeAsync(dialect, () => store.InitializeAsync(cancellationToken)).ConfigureAwait(false);
        return store;
    }

    /// <summary>Closes the connection pool with the store.</summary>
    private sealed class Store(PostgresDialect dialect, TimeProvider time) : RelationalApiTokenStore(dialect, time)
    {
        public override async ValueTask DisposeAsync()
        {
            await dialect.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
