using Tether.Core.Access;
using Tether.Storage.Conformance;
using Xunit;

namespace Tether.Storage.Postgres.Tests;

/// <summary>The API token store conformance suite on PostgreSQL; each store gets its own schema in the class's database.</summary>
public sealed class PostgresApiTokenConformanceTests(PostgresDatabaseFixture fixture) : ApiTokenStoreConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<IApiTokenStore> CreateStoreAsync(TimeProvider time) =>
        await PostgresApiTokenStore.OpenAsync(await fixture.Database.CreateSchemaAsync(), time);
}
