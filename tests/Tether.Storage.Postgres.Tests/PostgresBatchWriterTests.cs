using System.Diagnostics;
using Tether.Core.Graph;
using Tether.Core.Model;
using Xunit;

namespace Tether.Storage.Postgres.Tests;

/// <summary>
/// What the set-based writer is for: a batch costs the same few round trips to the server whether it holds ten rows or
/// thousands. Counted with Npgsql's own tracing (one activity per command or pipelined batch sent).
/// </summary>
public sealed class PostgresBatchWriterTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_batch_costs_the_same_few_round_trips_whatever_its_size()
    {
        await using var store = await PostgresGraphStore.OpenAsync(await fixture.Database.CreateSchemaAsync(), TimeProvider.System);

        // New nodes and edges: the batch's generation, the insert (with the endpoint lookup pipelined), then aliases
        // and edges (COMMIT aside).
        Assert.Equal(3, await RoundTripsAsync(() => store.IngestAsync(Batch(T0, 0, 10))));
        Assert.Equal(3, await RoundTripsAsync(() => store.IngestAsync(Batch(T0, 10, 3_000))));

        // All stored already: the insert finds them, they are locked and read, then written back merged.
        Assert.Equal(4, await RoundTripsAsync(() => store.IngestAsync(Batch(T0.AddHours(1), 10, 3_000))));
        var counts = await store.CountAsync();
        Assert.Equal(6_020, counts.NodesByKind.Values.Sum());
        Assert.Equal(3_010, counts.Edges);
    }

    [Fact]
    public async Task The_postgres_dialect_writes_batches_set_based()
    {
        await using var dialect = PostgresDatabase.Dialect(fixture.Database.ConnectionString);
        Assert.IsType<PostgresBatchWriter>(dialect.BatchWriter);
    }

    /// <summary>Commands and pipelined batches Npgsql sends while <paramref name="ingest"/> runs, in its async flow only (COMMIT is not traced).</summary>
    private static async Task<int> RoundTripsAsync(Func<Task> ingest)
    {
        using var source = new ActivitySource("Tether.Storage.Postgres.Tests");
        var sent = 0;
        ActivityTraceId? trace = null;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Npgsql" || s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.TraceId == trace)
                {
                    Interlocked.Increment(ref sent);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using (var root = source.StartActivity("ingest")!)
        {
            trace = root.TraceId;
            await ingest();
        }

        return sent;
    }

    private static GraphBatch Batch(DateTimeOffset at, int first, int count)
    {
        var batch = new GraphBatch("test", at);
        for (var i = first; i < first + count; i++)
        {
            var package = batch.Add(new PackageFacts("npm", $"pkg{i}", "1.0.0"));
            var image = batch.Add(new ImageFacts("sha256:" + i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)));
            batch.Link(image, EdgeTypes.ContainsPackage, package, new Evidence("scan", EvidenceMethods.ImageScan, 1.0, at));
        }

        return batch;
    }
}
