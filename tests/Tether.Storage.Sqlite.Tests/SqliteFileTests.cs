using Microsoft.Data.Sqlite;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Testing;
using Xunit;

namespace Tether.Storage.Sqlite.Tests;

/// <summary>What is specific to the embedded file: WAL, migrations recorded, reopening.</summary>
public sealed class SqliteFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task The_store_is_one_file_in_WAL_mode_with_its_schema_version_recorded()
    {
        var path = _dir.File("nested/dir/tether.db");
        await using (var store = await SqliteGraphStore.OpenAsync(path, new ManualClock()))
        {
            var batch = new GraphBatch("test", DateTimeOffset.UnixEpoch);
            batch.Add(new ClusterFacts("c1"));
            await store.IngestAsync(batch);
        }

        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await mode.ExecuteScalarAsync());
        await using var version = connection.CreateCommand();
        version.CommandText = "SELECT MAX(version) FROM schema_migrations";
        // 1 graph, 2 advisory database, 3 API tokens and collector leases, 4 graph generation: opening the graph store applies them all.
        Assert.Equal(4L, (long)(await version.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Reopening_keeps_the_data()
    {
        var path = _dir.File("tether.db");
        await using (var store = await SqliteGraphStore.OpenAsync(path, new ManualClock()))
        {
            var batch = new GraphBatch("test", DateTimeOffset.UnixEpoch);
            batch.Add(new ClusterFacts("c1") { Server = "https://10.0.0.1" });
            await store.IngestAsync(batch);
        }

        await using var reopened = await SqliteGraphStore.OpenAsync(path, new ManualClock());
        var node = await reopened.FindNodeAsync(new NodeRef(NodeKinds.Cluster, "c1"));
        Assert.Equal("https://10.0.0.1", node!.Facts<ClusterFacts>().Server);
    }

    [Fact]
    public async Task A_store_written_by_a_newer_Tether_is_refused_with_a_clear_message()
    {
        var path = _dir.File("tether.db");
        await (await SqliteGraphStore.OpenAsync(path, new ManualClock())).DisposeAsync();
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var bump = connection.CreateCommand();
            bump.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)";
            await bump.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<StoreException>(() => SqliteGraphStore.OpenAsync(path, new ManualClock()));
        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_naming_the_file()
    {
        var path = _dir.File("not-a-db.db");
        await File.WriteAllTextAsync(path, "this is not sqlite, just text long enough to be read as a header........");
        var error = await Assert.ThrowsAsync<StoreException>(() => SqliteGraphStore.OpenAsync(path, new ManualClock()));
        Assert.Contains("not-a-db.db", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
