using Npgsql;
using Tether.Core.Graph;

namespace Tether.Storage.Postgres;

/// <summary>Opening a PostgreSQL store: the connection string parsed, one pooled data source, the schema migrated.</summary>
internal static class PostgresDatabase
{
    public static PostgresDialect Dialect(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.ToNpgsql(connectionString));

        // Every statement the store runs is one of a few dozen texts executed thousands of times per batch:
        // prepared on the server after two uses, they skip parsing and planning. The store sets no session state,
        // so a pooled connection needs no DISCARD ALL round trip when it is handed out again.
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        var displayName = PostgresConnectionString.Redact(connectionString);
        return new PostgresDialect(NpgsqlDataSource.Create(builder.ConnectionString), displayName);
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
