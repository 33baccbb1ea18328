using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Trace;

namespace Tether.Web.Data;

/// <summary>What the overview page shows, read in one pass.</summary>
public sealed record OverviewModel(
    DateTimeOffset ReadAt,
    GraphCounts Counts,
    IReadOnlyList<ClusterRow> Clusters,
    IReadOnlyList<FreshnessRow> Freshness,
    RunningFindings Findings,
    IReadOnlyList<TrendDay> Trend);

public sealed record ClusterRow(string Name, int Pods, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, bool Current);

/// <summary>One data source and when Tether last heard from it (null: never).</summary>
public sealed record FreshnessRow(string Source, string Detail, DateTimeOffset? LastSeen);

/// <summary>New and resolved findings of one UTC day, from the finding_event nodes.</summary>
public sealed record TrendDay(DateOnly Day, int New, int Resolved);

/// <summary>A finding in an image that runs, with its priority.</summary>
public sealed record RankedFinding(string VulnerabilityId, string Severity, string Package, string Version, string? FixedVersion, string Image, Priority Priority, int Pods, int ExposedPods, IReadOnlyList<string> Clusters);

/// <summary>
/// Findings in running images, counted per priority level (CRITICAL, HIGH, MEDIUM, LOW), with the top ones.
/// <see cref="ImagesRanked"/> of <see cref="ImagesWithFindings"/> were traced (the overview caps the work per view).
/// </summary>
public sealed record RunningFindings(
    IReadOnlyDictionary<string, int> ByLevel,
    int Vulnerabilities,
    IReadOnlyList<RankedFinding> Top,
    int ImagesWithFindings,
    int ImagesRanked)
{
    public static readonly IReadOnlyList<string> Levels = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
}

/// <summary>The advisory database's freshness as <c>tether db status</c> reports it.</summary>
public sealed record AdvisoryFreshness(AdvisoryStatus Status);
