using Microsoft.Extensions.Logging.Abstractions;
using Tether.Server.Collectors;
using Tether.Server.Operations.Metrics;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Server.Tests;

/// <summary>Two replicas on one store: the lease lets one run a collector per interval; failures are counted and free the lease.</summary>
public sealed class CollectorSchedulerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private sealed class CountingJob(TimeSpan interval, bool fail = false) : ICollectorJob
    {
        public int Runs;

        public string Name => "test";

        public TimeSpan Interval => interval;

        public Task<string> RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Runs);
            return fail ? throw new InvalidOperationException("registry unreachable") : Task.FromResult("ok");
        }
    }

    private async Task<(CollectorScheduler Scheduler, ServerMetrics Metrics)> ReplicaAsync(CountingJob job, ManualClock clock)
    {
        var leases = await SqliteLeaseStore.OpenAsync(_dir.File("store.db"), clock);
        var metrics = new ServerMetrics();
        return (new CollectorScheduler([job], leases, new CollectorSettings(), metrics, clock, NullLogger<CollectorScheduler>.Instance), metrics);
    }

    [Fact]
    public async Task Of_two_replicas_one_runs_a_collector_per_interval_and_the_other_skips()
    {
        var clock = new ManualClock();
        var job = new CountingJob(TimeSpan.FromMinutes(5));
        var (a, metricsA) = await ReplicaAsync(job, clock);
        var (b, _) = await ReplicaAsync(job, clock);
        Assert.True(await a.RunOnceAsync(job, default));
        Assert.False(await b.RunOnceAsync(job, default));
        Assert.Equal(1, job.Runs);

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await b.RunOnceAsync(job, default));
        Assert.Equal(2, job.Runs);
        var runs = Assert.Single(metricsA.Collectors());
        Assert.Equal((1L, 0L), (runs.Runs, runs.Failures));
        Assert.Equal(clock.GetUtcNow().AddMinutes(-5), runs.LastSuccess);
    }

    [Fact]
    public async Task A_failed_run_is_counted_and_frees_the_lease_for_another_replica()
    {
        var clock = new ManualClock();
        var failing = new CountingJob(TimeSpan.FromMinutes(5), fail: true);
        var (a, metrics) = await ReplicaAsync(failing, clock);
        var (b, _) = await ReplicaAsync(failing, clock);
        Assert.True(await a.RunOnceAsync(failing, default));
        Assert.True(await b.RunOnceAsync(failing, default));
        var counted = Assert.Single(metrics.Collectors());
        Assert.Equal((1L, 1L, (DateTimeOffset?)null), (counted.Runs, counted.Failures, counted.LastSuccess));
        var text = PrometheusWriter.Write(metrics, null);
        Assert.Contains("tether_collector_failures_total{collector=\"test\"} 1", text, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
