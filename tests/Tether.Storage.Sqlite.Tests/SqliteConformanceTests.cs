using Tether.Core.Graph;
using Tether.Storage.Conformance;
using Tether.Testing;

namespace Tether.Storage.Sqlite.Tests;

public sealed class SqliteConformanceTests : GraphStoreConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IGraphStore> CreateStoreAsync(TimeProvider time) =>
        SqliteGraphStore.OpenAsync(_dir.File($"store-{Guid.NewGuid():N}.db"), time);

    public void Dispose() => _dir.Dispose();
}
