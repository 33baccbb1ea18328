using Tether.Core.Coordination;
using Tether.Storage.Conformance;
using Tether.Testing;

namespace Tether.Storage.Sqlite.Tests;

public sealed class SqliteLeaseConformanceTests : LeaseStoreConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<ILeaseStore> CreateStoreAsync(TimeProvider time) =>
        SqliteLeaseStore.OpenAsync(_dir.File($"store-{Guid.NewGuid():N}.db"), time);

    public void Dispose() => _dir.Dispose();
}
