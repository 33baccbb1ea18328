using Tether.Core.Risk;
using Tether.Core.Trace;

namespace Tether.Core.Recommend;

/// <summary>
/// One finding in a running image (<see cref="Recommender.ListFindingsAsync"/>): what it is and where it runs
/// (<see cref="Finding"/>), and its full priority with the factors, built only when asked — a list holds every running
/// finding, a page of the API shows a few.
/// </summary>
public sealed class RunningFindingRow
{
    private readonly FindingTemplate _finding;
    private readonly BlastRadius _blastRadius;

    internal RunningFindingRow(FindingTemplate finding, RunningImage image, double score)
    {
        _finding = finding;
        _blastRadius = image.BlastRadius;
        Finding = RunningFindingsSummary.Row(finding, image, score);
    }

    public RankedFinding Finding { get; }

    /// <summary>The priority as the image's trace gives it (same score and level as <see cref="Finding"/>), with its factors.</summary>
    public Priority Priority(PriorityWeights weights) => PriorityScorer.Score(_finding.Vulnerability, _finding.Package, _blastRadius, weights);

    internal static int CompareUrgency(RunningFindingRow a, RunningFindingRow b) =>
        RunningFindingsSummary.CompareUrgency(a.Finding.Score, a._finding, a.Finding.Image, b.Finding.Score, b._finding, b.Finding.Image);
}
