using Tether.Core.Advisories;
using Tether.Storage.Conformance;
using Xunit;

namespace Tether.Storage.Postgres.Tests;

/// <summary>The advisory store conformance suite on PostgreSQL; each store gets its own schema in the class's database.</summary>
public sealed class PostgresAdvisoryConformanceTests(PostgresDatabaseFixture fixture) : AdvisoryStoreConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<IAdvisoryStore> CreateStoreAsync(TimeProvider time) =>
        await PostgresAdvisoryStore.OpenAsync(await fixture.Database.CreateSchemaAsync(), time);
}
