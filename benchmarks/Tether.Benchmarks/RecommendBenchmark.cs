using System.Diagnostics;
using System.Globalization;
using Tether.Core.Recommend;
using Tether.Storage.Sqlite;
using Tether.Vulnerabilities.Versions;

namespace Tether.Benchmarks;

/// <summary>
/// <c>recommend [runs] [cluster…]</c>: <see cref="Recommender.RecommendAsync"/> on the matched 100k-pod store the
/// <c>match</c> mode keeps (<c>match-100000-300000.matched.db</c>: 50k images on 50 base layers, 79k matches), per cluster
/// and, with <c>all</c>, over every cluster. Reads only; the first run of each scope warms caches and is not counted.
/// </summary>
public static class RecommendBenchmark
{
    public static async Task RunAsync(string store, int runs, IReadOnlyList<string?> clusters)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; store {store}");
        await using var graph = await SqliteGraphStore.OpenAsync(store, TimeProvider.System);
        await using var advisories = await SqliteAdvisoryStore.OpenAsync(store, TimeProvider.System);
        var recommender = new Recommender(graph, EcosystemVersionOrder.Instance, advisories);
        foreach (var cluster in clusters)
        {
            var times = new List<double>();
            RecommendationReport? report = null;
            for (var run = 0; run <= runs; run++)
            {
                GC.Collect();
                var clock = Stopwatch.StartNew();
                report = await recommender.RecommendAsync(new RecommendationQuery(cluster, null, 20));
                if (run > 0)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            var s = report!.Scope;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scope {cluster ?? "all clusters"}: {s.RunningImages} running images, {s.Findings} image findings, {s.FixActions} fix actions, {s.NoFixGroups} no-fix groups; " +
                $"p50 {ScaleBenchmark.Percentile(times, 50):0} ms, p95 {ScaleBenchmark.Percentile(times, 95):0} ms over {runs} runs; peak RSS {Environment.WorkingSet / 1048576.0:0} MB (working set now); " +
                $"top: {report.Recommendations.FirstOrDefault()?.Title}"));
        }
    }
}
