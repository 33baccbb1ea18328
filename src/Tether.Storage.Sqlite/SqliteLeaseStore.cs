using Tether.Core.Coordination;
using Tether.Storage.Coordination;

namespace Tether.Storage.Sqlite;

/// <summary>The collector leases of the embedded store's file.</summary>
public static class SqliteLeaseStore
{
    public static async Task<ILeaseStore> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var store = new RelationalLeaseStore(SqliteFile.Dialect(path, out var full), time);
        await SqliteFile.InitializeAsync(full, () => store.InitializeAsync(cancellationToken)).ConfigureAwait(false);
        return store;
    }
}
