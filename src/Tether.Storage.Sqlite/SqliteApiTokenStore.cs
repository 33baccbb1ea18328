using Tether.Core.Access;
using Tether.Storage.Access;

namespace Tether.Storage.Sqlite;

/// <summary>The API tokens of the embedded store's file (the same file as the graph).</summary>
public static class SqliteApiTokenStore
{
    public static async Task<IApiTokenStore> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var store = new RelationalApiTokenStore(SqliteFile.Dialect(path, out var full), time);
        await SqliteFile.InitializeAsync(full, () => store.InitializeAsync(cancellationToken)).ConfigureAwait(false);
        return store;
    }
}
