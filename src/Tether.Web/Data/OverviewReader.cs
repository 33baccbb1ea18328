using System.Globalization;
using Microsoft.Extensions.Logging;
using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Web.Data;

/// <summary>
/// Reads the overview from the store in-process: counts, clusters with their pods, each source's freshness and the
/// new/resolved trend. The result is kept for a short while so a dashboard left open, or several people opening it,
/// does not re-read on every request. The running findings come from the recommendation report (the page asks the
/// <see cref="Tether.Core.Recommend.RecommendationCache"/>): one pass over every running image serves both.
/// </summary>
public sealed partial class OverviewReader(IGraphStore store, IAdvisoryStore advisories, TimeProvider time, ILogger<OverviewReader> logger)
{
    public const int TrendDays = 14;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(20);
    private const int ScanLimit = 1_000_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private OverviewModel? _cached;
    private int _refreshing;

    /// <summary>
    /// The overview: read once, then served from memory; past <see cref="CacheFor"/> the last one is still served at
    /// once while one background read replaces it (a cold read takes about a second at 100,000 pods).
    /// </summary>
    public async Task<OverviewModel> ReadAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached)
        {
            if (time.GetUtcNow() - cached.ReadAt >= CacheFor)
            {
                Refresh();
            }

            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _cached ??= await ReadFreshAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Refresh()
    {
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                _cached = await ReadFreshAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The last overview stays; the next view tries again.
                LogRefreshFailed(logger, e.Message);
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the overview failed: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string error);

    private async Task<OverviewModel> ReadFreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var counts = await store.CountAsync(cancellationToken).ConfigureAwait(false);
        var clusters = await ReadClustersAsync(cancellationToken).ConfigureAwait(false);
        var freshness = await ReadFreshnessAsync(clusters, cancellationToken).ConfigureAwait(false);
        var trend = await ReadTrendAsync(now, cancellationToken).ConfigureAwait(false);
        return new OverviewModel(now, counts, clusters, freshness, trend);
    }

    private async Task<IReadOnlyList<ClusterRow>> ReadClustersAsync(CancellationToken cancellationToken)
    {
        var rows = new List<ClusterRow>();
        foreach (var cluster in await store.ListNodesAsync(NodeKinds.Cluster, null, 10_000, cancellationToken).ConfigureAwait(false))
        {
            var pods = await store.FindNodesByKeyPrefixAsync(NodeKinds.Pod, cluster.Key + "/", ScanLimit, cancellationToken).ConfigureAwait(false);
            rows.Add(new ClusterRow(cluster.Key, pods.Count(p => p.IsCurrent), cluster.FirstSeen, cluster.LastSeen, cluster.IsCurrent));
        }

        return rows;
    }

    private async Task<IReadOnlyList<FreshnessRow>> ReadFreshnessAsync(IReadOnlyList<ClusterRow> clusters, CancellationToken cancellationToken)
    {
        var rows = clusters.Select(c => new FreshnessRow("Kubernetes", $"cluster {c.Name}", c.LastSeen)).ToList();

        // Registry syncs and CI reports both write tags; the newest sighting per registry is its freshness.
        var references = await store.ListNodesAsync(NodeKinds.ImageReference, null, ScanLimit, cancellationToken).ConfigureAwait(false);
        foreach (var registry in references.GroupBy(r => r.Key.Split('/')[0], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            rows.Add(new FreshnessRow("Registry", $"{registry.Key} ({registry.Count()} tags)", registry.Max(r => r.LastSeen)));
        }

        var runs = await store.ListNodesAsync(NodeKinds.PipelineRun, null, ScanLimit, cancellationToken).ConfigureAwait(false);
        rows.Add(new FreshnessRow("CI reports", $"{runs.Count} pipeline runs", runs.Count > 0 ? runs.Max(r => r.LastSeen) : null));

        var status = await advisories.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        rows.Add(new FreshnessRow("Advisory DB (OSV)", $"{status.Advisories.ToString("N0", CultureInfo.InvariantCulture)} advisories", status.LastOsvImport?.FinishedAt));
        rows.Add(new FreshnessRow("CISA KEV", status.LastKevImport is { } kev ? $"catalog {kev.FeedVersion}" : "not imported", status.LastKevImport?.FinishedAt));
        rows.Add(new FreshnessRow("FIRST EPSS", status.LastEpssImport is { } epss ? $"scores of {epss.FeedDate}" : "not imported", status.LastEpssImport?.FinishedAt));
        return rows;
    }

    private async Task<IReadOnlyList<TrendDay>> ReadTrendAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var days = new List<TrendDay>();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        for (var i = TrendDays - 1; i >= 0; i--)
        {
            var day = today.AddDays(-i);
            // Event keys start with the UTC time, so a key-prefix scan lists one day's events.
            var events = await store.FindNodesByKeyPrefixAsync(NodeKinds.FindingEvent, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ScanLimit, cancellationToken).ConfigureAwait(false);
            days.Add(new TrendDay(day,
                events.Count(e => e.Key.Contains("|" + FindingEventFacts.New + "|", StringComparison.Ordinal)),
                events.Count(e => e.Key.Contains("|" + FindingEventFacts.Resolved + "|", StringComparison.Ordinal))));
        }

        return days;
    }
}
