namespace Tether.Core.Advisories;

/// <summary>One day's EPSS scores (FIRST's <c>epss_scores-YYYY-MM-DD.csv</c>).</summary>
public sealed record EpssSnapshot(IReadOnlyList<EpssScore> Scores)
{
    /// <summary>From the file's comment line, e.g. <c>v2025.03.14</c>.</summary>
    public string? ModelVersion { get; init; }

    public DateTimeOffset? ScoreDate { get; init; }
}

/// <summary>The probability (0–1) of exploitation activity in the next 30 days, and its percentile among all CVEs.</summary>
public sealed record EpssScore(string CveId, double Epss, double Percentile);
