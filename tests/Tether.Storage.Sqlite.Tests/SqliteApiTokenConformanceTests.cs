using Tether.Core.Access;
using Tether.Storage.Conformance;
using Tether.Testing;

namespace Tether.Storage.Sqlite.Tests;

public sealed class SqliteApiTokenConformanceTests : ApiTokenStoreConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IApiTokenStore> CreateStoreAsync(TimeProvider time) =>
        SqliteApiTokenStore.OpenAsync(_dir.File($"store-{Guid.NewGuid():N}.db"), time);

    public void Dispose() => _dir.Dispose();
}
