using System.Collections.Concurrent;
using Tether.Core.Graph;

namespace Tether.Core.Recommend;

/// <summary>
/// Recommendation reports by query, for a long-running process (the API and the web page share one): a report is
/// computed once per graph generation — any ingest moves it — and at most <see cref="MaxAge"/> old, for advisory-only
/// changes (KEV, EPSS) that move no generation. Concurrent requests for the same report wait for one computation.
/// Over a large estate a report takes seconds (docs/benchmarks.md, "Recommendations"); this makes every view after
/// the first one after a change instant.
/// </summary>
public sealed class RecommendationCache(IGraphStore store, TimeProvider time)
{
    /// <summary>How long a report is served at most.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    /// <summary>Distinct queries kept (they come from user input: cluster and repository filters).</summary>
    private const int MaxReports = 64;

    private readonly ConcurrentDictionary<(RecommendationQuery Query, object Settings), Entry> _reports = new();

    /// <summary>The report for <paramref name="query"/>, computed by <paramref name="compute"/> when not known for the store as it is now.</summary>
    public async Task<RecommendationReport> GetAsync(
        RecommendationQuery query, object settings, Func<Task<RecommendationReport>> compute, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(compute);
        var generation = await store.GetGenerationAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (_reports.Count >= MaxReports)
        {
            _reports.Clear();
        }

        // The computation is shared by whoever asks meanwhile, so it is not cancelled with the first caller.
        var entry = _reports.AddOrUpdate(
            (query, settings),
            _ => new Entry(generation, now, new Lazy<Task<RecommendationReport>>(compute)),
            (_, old) => old.Generation == generation && now - old.At < MaxAge && !old.Report.Value.IsFaulted && !old.Report.Value.IsCanceled
                ? old
                : new Entry(generation, now, new Lazy<Task<RecommendationReport>>(compute)));
        return await entry.Report.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed record Entry(long Generation, DateTimeOffset At, Lazy<Task<RecommendationReport>> Report);
}
