using Tether.Core.Coordination;
using Tether.Storage.Conformance;
using Xunit;

namespace Tether.Storage.Postgres.Tests;

/// <summary>The lease store conformance suite on PostgreSQL; each store gets its own schema in the class's database.</summary>
public sealed class PostgresLeaseConformanceTests(PostgresDatabaseFixture fixture) : LeaseStoreConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<ILeaseStore> CreateStoreAsync(TimeProvider time) =>
        await PostgresLeaseStore.OpenAsync(await fixture.Database.CreateSchemaAsync(), time);
}
