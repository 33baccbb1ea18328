using System.Collections.Concurrent;
using Tether.Core.Graph;

namespace Tether.Core.Recommend;

/// <summary>
/// Recommendation reports by query, for a long-running process (the API and the web page share one). Over a large
/// estate a report takes seconds (docs/benchmarks.md, "Recommendations"), so it is computed once per graph
/// generation — any ingest moves it — and at most <see cref="MaxAge"/> old, for advisory-only changes (KEV, EPSS)
/// that move no generation. Concurrent requests for the same report wait for one computation, which runs on its own
/// (a caller giving up does not cancel it for the others).
/// Two ways to ask: <see cref="GetAsync"/> answers for the store as it is now (the API: a script that just ingested
/// expects to see it); <see cref="GetLatestAsync(RecommendationQuery, CancellationToken)"/> answers at once with the
/// last report while a newer one is computed (the web pages: a dashboard shows what it has and says how old it is).
/// </summary>
public sealed class RecommendationCache(
    IGraphStore store, TimeProvider time, Func<RecommendationQuery, CancellationToken, Task<RecommendationReport>> compute)
{
    /// <summary>How long a report is current at most.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    /// <summary>Distinct queries kept (they come from user input: cluster and repository filters).</summary>
    private const int MaxReports = 64;

    private readonly ConcurrentDictionary<RecommendationQuery, Entry> _reports = new();

    /// <summary>The report for <paramref name="query"/> as the store is now, computed when not known yet.</summary>
    public async Task<RecommendationReport> GetAsync(RecommendationQuery query, CancellationToken cancellationToken = default)
    {
        var entry = await EntryAsync(query, keepRunning: false, cancellationToken).ConfigureAwait(false);
        return await entry.Report.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The newest report for <paramref name="query"/> there is: the current one, or, while it is being computed, the
    /// one before it (<see cref="CachedRecommendations.Refreshing"/>). Only the very first request for a query waits.
    /// A computation under way is not restarted when the store changes again meanwhile: under constant ingest the
    /// page would otherwise start a new multi-second computation on every view and never finish one.
    /// </summary>
    public async Task<CachedRecommendations> GetLatestAsync(RecommendationQuery query, CancellationToken cancellationToken = default)
    {
        var entry = await EntryAsync(query, keepRunning: true, cancellationToken).ConfigureAwait(false);
        var report = entry.Report.Value;
        if (!report.IsCompletedSuccessfully && entry.Previous is { } previous)
        {
            return new CachedRecommendations(previous.Report, previous.At, Refreshing: true);
        }

        return new CachedRecommendations(await report.WaitAsync(cancellationToken).ConfigureAwait(false), entry.At, Refreshing: false);
    }

    /// <summary>
    /// <see cref="GetLatestAsync(RecommendationQuery, CancellationToken)"/>, or null when a query's very first report is
    /// not ready within <paramref name="waitAtMost"/>: a page then says it is being computed instead of hanging.
    /// </summary>
    public async Task<CachedRecommendations?> GetLatestAsync(RecommendationQuery query, TimeSpan waitAtMost, CancellationToken cancellationToken = default)
    {
        var latest = GetLatestAsync(query, cancellationToken);
        return await Task.WhenAny(latest, Task.Delay(waitAtMost, cancellationToken)).ConfigureAwait(false) == latest
            ? await latest.ConfigureAwait(false)
            : null;
    }

    private async Task<Entry> EntryAsync(RecommendationQuery query, bool keepRunning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var generation = await store.GetGenerationAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (_reports.Count >= MaxReports)
        {
            _reports.Clear();
        }

        // Lazy: AddOrUpdate may build an entry it then discards; only the stored one's computation starts.
        return _reports.AddOrUpdate(
            query,
            _ => Start(query, generation, now, previous: null),
            (_, old) => old.IsCurrent(generation, now) || (keepRunning && !old.Report.Value.IsCompleted)
                ? old
                : Start(query, generation, now, old.Completed ?? old.Previous));
    }

    private Entry Start(RecommendationQuery query, long generation, DateTimeOffset now, CompletedReport? previous) =>
        new(generation, now, new Lazy<Task<RecommendationReport>>(() => Task.Run(() => compute(query, CancellationToken.None))), previous);

    private sealed record CompletedReport(RecommendationReport Report, DateTimeOffset At);

    /// <summary>A report computed (or being computed) for a generation from <see cref="At"/>, and the last one completed before it.</summary>
    private sealed record Entry(long Generation, DateTimeOffset At, Lazy<Task<RecommendationReport>> Report, CompletedReport? Previous)
    {
        public bool IsCurrent(long generation, DateTimeOffset now) =>
            Generation == generation && now - At < MaxAge && !Report.Value.IsFaulted && !Report.Value.IsCanceled;

        public CompletedReport? Completed => Report.Value.IsCompletedSuccessfully ? new CompletedReport(Report.Value.Result, At) : null;
    }
}

/// <summary>A report and when its computation started; <see cref="Refreshing"/> when a newer one is being computed.</summary>
public sealed record CachedRecommendations(RecommendationReport Report, DateTimeOffset ComputedAt, bool Refreshing);
