using Tether.Core.Graph;

namespace Tether.Web.Data;

/// <summary>What the overview page shows, read in one pass.</summary>
public sealed record OverviewModel(
    DateTimeOffset ReadAt,
    GraphCounts Counts,
    IReadOnlyList<ClusterRow> Clusters,
    IReadOnlyList<FreshnessRow> Freshness,
    IReadOnlyList<TrendDay> Trend);

public sealed record ClusterRow(string Name, int Pods, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, bool Current);

/// <summary>One data source and when Tether last heard from it (null: never).</summary>
public sealed record FreshnessRow(string Source, string Detail, DateTimeOffset? LastSeen);

/// <summary>New and resolved findings of one UTC day, from the finding_event nodes.</summary>
public sealed record TrendDay(DateOnly Day, int New, int Resolved);
