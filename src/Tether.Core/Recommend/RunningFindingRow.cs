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
    private readonly VulnerabilityView _vulnerability;
    private readonly PackageView _package;
    private readonly BlastRadius _blastRadius;

    internal RunningFindingRow(FindingTemplate finding, RunningImage image, double score)
    {
        _vulnerability = finding.Vulnerability;
        _package = finding.Package;
        _blastRadius = image.BlastRadius;
        Finding = RunningFindingsSummary.Row(finding, image, score);
        Template = finding;
    }

    public RankedFinding Finding { get; }

    internal FindingTemplate Template { get; }

    /// <summary>The priority as the image's trace gives it (same score and level as <see cref="Finding"/>), with its factors.</summary>
    public Priority Priority(PriorityWeights weights) => PriorityScorer.Score(_vulnerability, _package, _blastRadius, weights);

    internal static int CompareUrgency(RunningFindingRow a, RunningFindingRow b) =>
        RunningFindingsSummary.CompareUrgency(a.Finding.Score, a.Template, a.Finding.Image, b.Finding.Score, b.Template, b.Finding.Image);
}
