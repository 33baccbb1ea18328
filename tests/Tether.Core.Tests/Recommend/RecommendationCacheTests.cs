using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Recommend;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Core.Tests.Recommend;

public sealed class RecommendationCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task A_report_is_computed_once_per_generation_and_age_and_shared_by_concurrent_callers()
    {
        var clock = new ManualClock();
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("r.db"), clock);
        var cache = new RecommendationCache(store, clock);
        var computed = 0;
        var gate = new TaskCompletionSource();
        async Task<RecommendationReport> Compute()
        {
            Interlocked.Increment(ref computed);
            await gate.Task;
            return Report(computed);
        }

        var query = new RecommendationQuery(null, null, 20);
        var callers = Enumerable.Range(0, 3).Select(_ => cache.GetAsync(query, "settings", Compute)).ToList();
        gate.SetResult();
        var reports = await Task.WhenAll(callers);
        Assert.Equal(1, computed);
        Assert.All(reports, r => Assert.Same(reports[0], r));
        Assert.Same(reports[0], await cache.GetAsync(query, "settings", Compute));

        // Another query, other settings: their own reports.
        await cache.GetAsync(query with { Cluster = "prod" }, "settings", Compute);
        await cache.GetAsync(query, "other settings", Compute);
        Assert.Equal(3, computed);

        // An ingest moves the generation; time passing ages the report.
        var batch = new GraphBatch("test", clock.GetUtcNow());
        batch.Add(new ImageFacts("sha256:" + new string('a', 64)));
        await store.IngestAsync(batch);
        var afterIngest = await cache.GetAsync(query, "settings", Compute);
        Assert.Equal(4, computed);
        Assert.NotSame(reports[0], afterIngest);
        clock.Advance(RecommendationCache.MaxAge);
        await cache.GetAsync(query, "settings", Compute);
        Assert.Equal(5, computed);
    }

    private static RecommendationReport Report(int number) =>
        new(new RecommendationScope(null, null, number, 0, 0, 0, 0), [], []);

    public void Dispose() => _dir.Dispose();
}
