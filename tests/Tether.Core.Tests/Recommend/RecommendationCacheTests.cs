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
    private readonly ManualClock _clock = new();
    private int _computed;
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task A_report_is_computed_once_per_query_generation_and_age_and_shared_by_concurrent_callers()
    {
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("r.db"), _clock);
        var cache = new RecommendationCache(store, _clock, ComputeAsync);
        var query = RecommendationQuery.ForList(null, null);
        var callers = Enumerable.Range(0, 3).Select(_ => cache.GetAsync(query)).ToList();
        _gate.SetResult();
        var reports = await Task.WhenAll(callers);
        Assert.Equal(1, _computed);
        Assert.All(reports, r => Assert.Same(reports[0], r));
        Assert.Same(reports[0], await cache.GetAsync(query));
        // Blank filters are no filters: the same report.
        Assert.Same(reports[0], await cache.GetAsync(RecommendationQuery.ForList(" ", "")));

        // Another query: its own report.
        await cache.GetAsync(query with { Cluster = "prod" });
        Assert.Equal(2, _computed);

        // An ingest moves the generation; time passing ages the report. Each is seen by the next request.
        await IngestAsync(store, 'a');
        var afterIngest = await cache.GetAsync(query);
        Assert.Equal(3, _computed);
        Assert.NotSame(reports[0], afterIngest);
        _clock.Advance(RecommendationCache.MaxAge);
        await cache.GetAsync(query);
        Assert.Equal(4, _computed);
    }

    [Fact]
    public async Task The_latest_report_is_served_while_the_next_is_computed_and_only_one_computation_runs()
    {
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("r.db"), _clock);
        var cache = new RecommendationCache(store, _clock, ComputeAsync);
        var query = RecommendationQuery.ForList("prod", null);

        // The very first request has nothing older: it waits.
        var first = cache.GetLatestAsync(query);
        Assert.False(first.IsCompleted);
        _gate.SetResult();
        var computedFirst = await first;
        Assert.False(computedFirst.Refreshing);
        Assert.Equal(1, computedFirst.Report.Scope.Limit);
        Assert.Same(computedFirst.Report, (await cache.GetLatestAsync(query)).Report);

        // The graph changes: the old report comes back at once, marked, and one new computation starts.
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await IngestAsync(store, 'a');
        var stale = await cache.GetLatestAsync(query);
        Assert.True(stale.Refreshing);
        Assert.Same(computedFirst.Report, stale.Report);
        Assert.Equal(computedFirst.ComputedAt, stale.ComputedAt);
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref _computed) == 2, TimeSpan.FromSeconds(10)));

        // Another change while it runs: still the old report, and no other computation (they run on the thread pool,
        // so "none started" is checked as "none within half a second").
        await IngestAsync(store, 'b');
        Assert.Same(computedFirst.Report, (await cache.GetLatestAsync(query)).Report);
        Assert.False(SpinWait.SpinUntil(() => Volatile.Read(ref _computed) > 2, TimeSpan.FromMilliseconds(500)));

        // The strict answer waits for a computation for the store as it is now (a third one: the second started before 'b').
        var strict = cache.GetAsync(query);
        _gate.SetResult();
        Assert.Equal(3, (await strict).Scope.Limit);
        Assert.Equal(3, _computed);
        var latest = await cache.GetLatestAsync(query);
        Assert.False(latest.Refreshing);
        Assert.Equal(3, latest.Report.Scope.Limit);
    }

    [Fact]
    public async Task A_failed_computation_is_retried_and_the_last_good_report_is_kept_meanwhile()
    {
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("r.db"), _clock);
        var fail = false;
        var cache = new RecommendationCache(store, _clock, (q, ct) => fail ? throw new InvalidOperationException("store gone") : ComputeAsync(q, ct));
        var query = RecommendationQuery.ForList(null, null);
        _gate.SetResult();
        var good = (await cache.GetLatestAsync(query)).Report;

        fail = true;
        await IngestAsync(store, 'a');
        Assert.Same(good, (await cache.GetLatestAsync(query)).Report);
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync(query));

        fail = false;
        var retried = await cache.GetAsync(query);
        Assert.NotSame(good, retried);
        Assert.False((await cache.GetLatestAsync(query)).Refreshing);
    }

    private async Task<RecommendationReport> ComputeAsync(RecommendationQuery query, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _computed);
        await _gate.Task.WaitAsync(cancellationToken);
        return new RecommendationReport(new RecommendationScope(query.Cluster, query.Repository, number, 0, 0, 0, 0), [], []);
    }

    private async Task IngestAsync(IGraphStore store, char digit)
    {
        var batch = new GraphBatch("test", _clock.GetUtcNow());
        batch.Add(new ImageFacts("sha256:" + new string(digit, 64)));
        await store.IngestAsync(batch);
    }

    public void Dispose() => _dir.Dispose();
}
