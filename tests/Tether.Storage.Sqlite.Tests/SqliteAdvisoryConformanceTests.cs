using Tether.Core.Advisories;
using Tether.Storage.Conformance;
using Tether.Testing;

namespace Tether.Storage.Sqlite.Tests;

public sealed class SqliteAdvisoryConformanceTests : AdvisoryStoreConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IAdvisoryStore> CreateStoreAsync(TimeProvider time) =>
        SqliteAdvisoryStore.OpenAsync(_dir.File($"store-{Guid.NewGuid():N}.db"), time);

    public void Dispose() => _dir.Dispose();
}
