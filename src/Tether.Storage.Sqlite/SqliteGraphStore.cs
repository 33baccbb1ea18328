using Microsoft.Data.Sqlite;
using Tether.Core.Graph;

namespace Tether.Storage.Sqlite;

/// <summary>The embedded store: one SQLite file, created on first use.</summary>
public static class SqliteGraphStore
{
    /// <summary>Opens (creating and migrating if needed) the store in <paramref name="path"/>.</summary>
    public static async Task<IGraphStore> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        try
        {
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"{full}: cannot create the store's folder: {e.Message}", e);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        var store = new RelationalGraphStore(new SqliteDialect(connectionString), time);
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw new StoreException($"{full}: cannot open the Tether store: {e.Message}", e);
        }

        return store;
    }
}
