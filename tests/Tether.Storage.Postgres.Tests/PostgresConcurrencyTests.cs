using Npgsql;
using Tether.Core.Graph;
using Tether.Core.Model;
using Xunit;

namespace Tether.Storage.Postgres.Tests;

/// <summary>
/// Several writers on one database (serve replicas, CI ingests): each opens its own store, as separate
/// processes would, and the result must be what the same batches give one after the other.
/// </summary>
public sealed class PostgresConcurrencyTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private const int Count = 600;
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Concurrent_ingests_of_overlapping_batches_give_the_same_graph_as_sequential_ones()
    {
        // A stores nodes 0..599 in ascending order, B nodes 300..899 in descending order: the two lock the
        // shared rows in opposite orders, so PostgreSQL may pick one as a deadlock victim, which must be retried.
        var a = Batch(T0, Enumerable.Range(0, Count), image => image with { Platform = "linux/amd64" });
        var b = Batch(T0.AddHours(1), Enumerable.Range(Count / 2, Count).Reverse(), image => image with { MediaType = "application/vnd.oci.image.manifest.v1+json" });

        var sequentialSchema = await fixture.Database.CreateSchemaAsync();
        await using (var store = await PostgresGraphStore.OpenAsync(sequentialSchema, TimeProvider.System))
        {
            await store.IngestAsync(a);
            await store.IngestAsync(b);
        }

        var concurrentSchema = await fixture.Database.CreateSchemaAsync();
        await using (var first = await PostgresGraphStore.OpenAsync(concurrentSchema, TimeProvider.System))
        await using (var second = await PostgresGraphStore.OpenAsync(concurrentSchema, TimeProvider.System))
        {
            await Task.WhenAll(Task.Run(() => first.IngestAsync(a)), Task.Run(() => second.IngestAsync(b)));
        }

        var sequential = await SnapshotAsync(sequentialSchema);
        var concurrent = await SnapshotAsync(concurrentSchema);
        Assert.Equal(Count + Count / 2, sequential.Images.Count);
        Assert.Equal(sequential.Counts, concurrent.Counts);
        Assert.Equal(sequential.Images, concurrent.Images);
        Assert.Equal(sequential.Edges, concurrent.Edges);

        // The overlap carries both writers' properties (no lost merge) and the union of their windows.
        var shared = concurrent.Images.Single(i => i.Key == Digest(Count - 1));
        Assert.Equal(("linux/amd64", "application/vnd.oci.image.manifest.v1+json", T0, T0.AddHours(1)), (shared.Platform, shared.MediaType, shared.FirstSeen, shared.LastSeen));
    }

    [Fact]
    public async Task Replicas_opening_a_fresh_database_together_apply_each_migration_once()
    {
        var schema = await fixture.Database.CreateSchemaAsync();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresGraphStore.OpenAsync(schema, TimeProvider.System))));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(schema);
        await connection.OpenAsync();
        await using var versions = new NpgsqlCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations", connection);
        Assert.Equal(string.Join(',', Enumerable.Range(1, PostgresMigrations.All.Count)), (string?)await versions.ExecuteScalarAsync());
    }

    private static string Digest(int i) => "sha256:" + i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private static GraphBatch Batch(DateTimeOffset at, IEnumerable<int> indexes, Func<ImageFacts, ImageFacts> describe)
    {
        var batch = new GraphBatch("test", at);
        foreach (var i in indexes)
        {
            var run = batch.Add(new PipelineRunFacts("github-actions", "github.com/org/app", i.ToString(System.Globalization.CultureInfo.InvariantCulture), 1));
            var image = batch.Add(describe(new ImageFacts(Digest(i))));
            batch.Link(run, EdgeTypes.Built, image, new Evidence("ci-report", EvidenceMethods.CiReport, 0.9, at, "sha256:doc"));
        }

        return batch;
    }

    private static async Task<Snapshot> SnapshotAsync(string connectionString)
    {
        await using var store = await PostgresGraphStore.OpenAsync(connectionString, TimeProvider.System);
        var counts = await store.CountAsync();
        var nodes = await store.ListNodesAsync(NodeKinds.Image, null, 10 * Count);
        var images = nodes.Select(n => n.Facts<ImageFacts>() is var f
            ? new ImageRow(n.Key, f.Platform, f.MediaType, n.FirstSeen, n.LastSeen)
            : null!).ToList();
        var byId = (await store.GetNodesAsync([.. (await store.GetEdgesAsync([.. nodes.Select(n => n.Id)], EdgeDirection.Incoming)).Select(e => e.FromId)]))
            .ToDictionary(n => n.Id, n => n.Key);
        var keys = nodes.ToDictionary(n => n.Id, n => n.Key);
        var edges = (await store.GetEdgesAsync([.. nodes.Select(n => n.Id)], EdgeDirection.Incoming))
            .Select(e => $"{byId[e.FromId]} -{e.Type}/{e.Method}-> {keys[e.ToId]} {e.FirstSeen:O}..{e.LastSeen:O} {e.Document}")
            .Order(StringComparer.Ordinal)
            .ToList();
        return new Snapshot($"{string.Join(",", counts.NodesByKind)} edges {counts.Edges}", images, edges);
    }

    private sealed record ImageRow(string Key, string? Platform, string? MediaType, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

    private sealed record Snapshot(string Counts, List<ImageRow> Images, List<string> Edges);
}
