using Npgsql;
using Tether.Core.Graph;

namespace Tether.Storage.Postgres;

/// <summary>Opening a PostgreSQL store: the connection string parsed, one pooled data source, the schema migrated.</summary>
internal static class PostgresDatabase
{
    public static PostgresDialect Dialect(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var npgsql = PostgresConnectionString.ToNpgsql(connectionString);
        var displayName = PostgresConnectionString.Redact(connectionString);
        return new PostgresDialect(NpgsqlDataSource.Create(npgsql), displayName);
    }

    /// <summary>Runs <paramref name="initialize"/> (migrations), turning PostgreSQL errors into a message naming the database (never its password).</summary>
    public static async Task InitializeAsync(PostgresDialect dialect, Func<Task> initialize)
    {
        try
        {
            await initialize().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or StoreException)
        {
            await dialect.DisposeAsync().ConfigureAwait(false);
            if (e is StoreException)
            {
                throw;
            }

            throw new StoreException($"{dialect.DisplayName}: cannot open the Tether store: {e.Message}", e);
        }
    }
}
