using Tether.Core.Graph;
using Tether.Storage.Conformance;
using Xunit;

namespace Tether.Storage.Postgres.Tests;

/// <summary>The storage conformance suite on PostgreSQL; each store gets its own schema in the class's database.</summary>
public sealed class PostgresConformanceTests(PostgresDatabaseFixture fixture) : GraphStoreConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<IGraphStore> CreateStoreAsync(TimeProvider time) =>
        await PostgresGraphStore.OpenAsync(await fixture.Database.CreateSchemaAsync(), time);
}
