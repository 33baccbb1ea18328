using System.Globalization;
using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Risk;
using Tether.Core.Model;
using Tether.Core.Trace;

namespace Tether.Web.Data;

/// <summary>
/// Reads the overview from the store in-process: counts, clusters with their pods, each source's freshness, the
/// running findings ranked by the trace engine's priority, and the new/resolved trend. The result is kept for a
/// short while so a dashboard left open, or several people opening it, does not re-rank on every request.
/// </summary>
public sealed class OverviewReader(IGraphStore store, IAdvisoryStore advisories, RiskSettings risk, TimeProvider time)
{
    /// <summary>Images traced per overview: enough for the top findings of an estate, bounded in time.</summary>
    public const int MaxImagesRanked = 60;
    public const int TrendDays = 14;
    public const int TopFindings = 10;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(20);
    private const int ScanLimit = 1_000_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private OverviewModel? _cached;

    public async Task<OverviewModel> ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } cached && time.GetUtcNow() - cached.ReadAt < CacheFor)
            {
                return cached;
            }

            _cached = await ReadFreshAsync(cancellationToken).ConfigureAwait(false);
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<OverviewModel> ReadFreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var counts = await store.CountAsync(cancellationToken).ConfigureAwait(false);
        var clusters = await ReadClustersAsync(cancellationToken).ConfigureAwait(false);
        var freshness = await ReadFreshnessAsync(clusters, cancellationToken).ConfigureAwait(false);
        var findings = await RankAsync(cancellationToken).ConfigureAwait(false);
        var trend = await ReadTrendAsync(now, cancellationToken).ConfigureAwait(false);
        return new OverviewModel(now, counts, clusters, freshness, findings, trend);
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

    private async Task<RunningFindings> RankAsync(CancellationToken cancellationToken)
    {
        var images = await ImagesWithFindingsAsync(cancellationToken).ConfigureAwait(false);
        var engine = new TraceEngine(store, advisories, risk);
        var ranked = new List<RankedFinding>();
        foreach (var digest in images.Take(MaxImagesRanked))
        {
            var report = await engine.TraceAsync(digest, null, cancellationToken).ConfigureAwait(false);
            foreach (var finding in report.Findings.Where(f => f.Runtime.Count > 0))
            {
                ranked.Add(new RankedFinding(
                    finding.Vulnerability.Id, finding.Vulnerability.Severity, finding.Package.Name, finding.Package.Version, finding.Package.FixedVersion,
                    finding.Registry?.References.FirstOrDefault()?.Reference ?? finding.Registry?.Digest ?? digest,
                    finding.Priority, finding.BlastRadius.Pods, finding.BlastRadius.InternetExposedPods, finding.BlastRadius.Clusters));
            }
        }

        var byLevel = RunningFindings.Levels.ToDictionary(l => l, l => ranked.Count(f => f.Priority.Level == l), StringComparer.Ordinal);
        var top = ranked.OrderByDescending(f => f.Priority.Score).ThenBy(f => f.VulnerabilityId, StringComparer.Ordinal).Take(TopFindings).ToList();
        return new RunningFindings(byLevel, ranked.Select(f => f.VulnerabilityId).Distinct(StringComparer.Ordinal).Count(), top, images.Count, Math.Min(images.Count, MaxImagesRanked));
    }

    /// <summary>Digests of images with a scanner finding or one of Tether's own matches (through layer → package).</summary>
    private async Task<IReadOnlyList<string>> ImagesWithFindingsAsync(CancellationToken cancellationToken)
    {
        var digests = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var finding in await store.ListNodesAsync(NodeKinds.Finding, null, ScanLimit, cancellationToken).ConfigureAwait(false))
        {
            if (finding.IsCurrent)
            {
                digests.Add(finding.Key[..finding.Key.IndexOf('|', StringComparison.Ordinal)]);
            }
        }

        var matches = (await store.ListNodesAsync(NodeKinds.VulnerabilityMatch, null, ScanLimit, cancellationToken).ConfigureAwait(false))
            .Where(m => m.IsCurrent).Select(m => m.Id).ToList();
        if (matches.Count > 0)
        {
            var packages = (await store.GetEdgesAsync(matches, EdgeDirection.Incoming, [EdgeTypes.HasMatch], cancellationToken).ConfigureAwait(false)).Select(e => e.FromId).Distinct().ToList();
            var holders = (await store.GetEdgesAsync(packages, EdgeDirection.Incoming, [EdgeTypes.ContainsPackage], cancellationToken).ConfigureAwait(false)).Select(e => e.FromId).Distinct().ToList();
            var imageIds = (await store.GetEdgesAsync(holders, EdgeDirection.Incoming, [EdgeTypes.HasLayer], cancellationToken).ConfigureAwait(false)).Select(e => e.FromId).Concat(holders).Distinct().ToList();
            foreach (var node in await store.GetNodesAsync(imageIds, cancellationToken).ConfigureAwait(false))
            {
                if (node.Kind == NodeKinds.Image)
                {
                    digests.Add(node.Key);
                }
            }
        }

        return [.. digests];
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
