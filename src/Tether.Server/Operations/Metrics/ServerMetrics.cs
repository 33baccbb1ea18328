using System.Collections.Concurrent;

namespace Tether.Server.Operations.Metrics;

/// <summary>
/// The server's own counters, kept in memory per replica and written in Prometheus text format by
/// <see cref="PrometheusWriter"/>: requests by route and status, request durations, collector runs.
/// Hand-written rather than an exporter package: a handful of series, no dependency.
/// </summary>
public sealed class ServerMetrics
{
    /// <summary>Histogram bucket bounds in seconds (Prometheus' usual latency buckets).</summary>
    public static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<(string Route, string Method, int Status), long> _requests = new();
    private readonly ConcurrentDictionary<string, Histogram> _durations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CollectorCounters> _collectors = new(StringComparer.Ordinal);

    /// <summary>The store's counts of the last scrape and when (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public (long At, Tether.Core.Graph.GraphCounts Counts)? StoreCounts { get; set; }

    public void RecordRequest(string route, string method, int status, TimeSpan duration)
    {
        _requests.AddOrUpdate((route, method, status), 1, (_, n) => n + 1);
        _durations.GetOrAdd(route, _ => new Histogram()).Observe(duration.TotalSeconds);
    }

    public void RecordCollectorRun(string collector, bool succeeded, DateTimeOffset at)
    {
        var counters = _collectors.GetOrAdd(collector, _ => new CollectorCounters());
        lock (counters)
        {
            counters.Runs++;
            if (succeeded)
            {
                counters.LastSuccess = at;
            }
            else
            {
                counters.Failures++;
            }
        }
    }

    public IEnumerable<KeyValuePair<(string Route, string Method, int Status), long>> Requests => _requests.OrderBy(r => r.Key.Route, StringComparer.Ordinal).ThenBy(r => r.Key.Status);

    public IEnumerable<KeyValuePair<string, Histogram>> Durations => _durations.OrderBy(d => d.Key, StringComparer.Ordinal);

    public IReadOnlyList<(string Collector, long Runs, long Failures, DateTimeOffset? LastSuccess)> Collectors() =>
        [.. _collectors.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c =>
        {
            lock (c.Value)
            {
                return (c.Key, c.Value.Runs, c.Value.Failures, c.Value.LastSuccess);
            }
        })];

    /// <summary>Cumulative buckets as Prometheus wants them, plus the sum and count.</summary>
    public sealed class Histogram
    {
        private readonly long[] _buckets = new long[DurationBuckets.Length];
        private long _count;
        private double _sum;

        public void Observe(double seconds)
        {
            lock (_buckets)
            {
                for (var i = 0; i < DurationBuckets.Length; i++)
                {
                    if (seconds <= DurationBuckets[i])
                    {
                        _buckets[i]++;
                    }
                }

                _count++;
                _sum += seconds;
            }
        }

        public (long[] Buckets, long Count, double Sum) Snapshot()
        {
            lock (_buckets)
            {
                return ((long[])_buckets.Clone(), _count, _sum);
            }
        }
    }

    private sealed class CollectorCounters
    {
        public long Runs;
        public long Failures;
        public DateTimeOffset? LastSuccess;
    }
}
