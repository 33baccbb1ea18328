using Tether.Core.Graph;

namespace Tether.Storage.Sqlite;

/// <summary>The embedded store: one SQLite file, created on first use.</summary>
public static class SqliteGraphStore
{
    /// <summary>Opens (creating and migrating if needed) the store in <paramref name="path"/>.</summary>
    public static async Task<IGraphStore> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var store = new RelationalGraphStore(SqliteFile.Dialect(path, out var full), time);
        await SqliteFile.InitializeAsync(full, () => store.InitializeAsync(cancellationToken)).ConfigureAwait(false);
        return store;
    }
}
