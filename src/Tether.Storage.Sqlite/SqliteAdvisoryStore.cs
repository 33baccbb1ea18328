using Tether.Core.Advisories;
using Tether.Storage.Advisories;

namespace Tether.Storage.Sqlite;

/// <summary>The advisory database in the embedded store's file (the same file as the graph).</summary>
public static class SqliteAdvisoryStore
{
    /// <summary>Opens (creating and migrating if needed) the store in <paramref name="path"/>.</summary>
    public static async Task<IAdvisoryStore> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var store = new RelationalAdvisoryStore(SqliteFile.Dialect(path, out var full), time);
        await SqliteFile.InitializeAsync(full, () => store.InitializeAsync(cancellationToken)).ConfigureAwait(false);
        return store;
    }
}
