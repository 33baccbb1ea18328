using Tether.Core.Trace;

namespace Tether.Core.Recommend;

/// <summary>
/// The findings of the running images a recommendation run looked at, counted by priority level, with the most urgent
/// ones: one finding per (image, vulnerability, package, version), scored as a trace of the image scores it. The
/// overview's "running findings by priority" — over every running image, from the same computation as the fix actions.
/// </summary>
public sealed record RunningFindingsSummary(
    IReadOnlyDictionary<string, int> ByLevel,
    int Findings,
    int Vulnerabilities,
    IReadOnlyList<RankedFinding> Top)
{
    public static readonly IReadOnlyList<string> Levels = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];

    /// <summary>How many of the most urgent findings are kept.</summary>
    public const int TopCount = 10;

    internal static RunningFindingsSummary Of(IEnumerable<RunningImage> images)
    {
        var byLevel = Levels.ToDictionary(l => l, _ => 0, StringComparer.Ordinal);
        var vulnerabilities = new HashSet<int>();
        var findings = 0;
        // The TopCount most urgent so far; the queue's head is the least urgent of them, the one to drop.
        var top = new PriorityQueue<(FindingTemplate Finding, RunningImage Image, double Score), (FindingTemplate, RunningImage, double)>(
            Comparer<(FindingTemplate Finding, RunningImage Image, double Score)>.Create((a, b) => CompareUrgency(b, a)));
        foreach (var image in images)
        {
            foreach (var slot in image.Slots)
            {
                foreach (var finding in slot.Findings.Items)
                {
                    var score = RecommendationGrouper.Score(finding, image);
                    byLevel[PriorityScorer.LevelOf(score)]++;
                    vulnerabilities.Add(finding.VulnerabilityKey);
                    findings++;
                    var candidate = (finding, image, score);
                    if (top.Count < TopCount)
                    {
                        top.Enqueue(candidate, candidate);
                    }
                    else if (CompareUrgency(candidate, top.Peek()) < 0)
                    {
                        top.DequeueEnqueue(candidate, candidate);
                    }
                }
            }
        }

        var ranked = new List<(FindingTemplate Finding, RunningImage Image, double Score)>();
        while (top.Count > 0)
        {
            ranked.Add(top.Dequeue());
        }

        ranked.Reverse();
        return new RunningFindingsSummary(byLevel, findings, vulnerabilities.Count, [.. ranked.Select(Row)]);
    }

    private static int CompareUrgency((FindingTemplate Finding, RunningImage Image, double Score) a, (FindingTemplate Finding, RunningImage Image, double Score) b) =>
        CompareUrgency(a.Score, a.Finding, a.Image.Digest, b.Score, b.Finding, b.Image.Digest);

    /// <summary>Most urgent first: higher score, then vulnerability id, package name, version and image.</summary>
    internal static int CompareUrgency(double scoreA, FindingTemplate a, string imageA, double scoreB, FindingTemplate b, string imageB)
    {
        var c = scoreB.CompareTo(scoreA);
        c = c != 0 ? c : string.CompareOrdinal(a.Vulnerability.Id, b.Vulnerability.Id);
        c = c != 0 ? c : string.CompareOrdinal(a.Package.Name, b.Package.Name);
        c = c != 0 ? c : string.CompareOrdinal(a.Package.Version, b.Package.Version);
        return c != 0 ? c : string.CompareOrdinal(imageA, imageB);
    }

    private static RankedFinding Row((FindingTemplate Finding, RunningImage Image, double Score) entry) => Row(entry.Finding, entry.Image, entry.Score);

    internal static RankedFinding Row(FindingTemplate finding, RunningImage image, double score)
    {
        var blast = image.BlastRadius;
        return new RankedFinding(
            finding.Vulnerability.Id, finding.Vulnerability.Severity, finding.Package.Name, finding.Package.Version, finding.Package.FixedVersion,
            image.Digest, image.Reference, score, PriorityScorer.LevelOf(score), blast.Pods, blast.InternetExposedPods, blast.Clusters);
    }
}

/// <summary>One finding in a running image with its priority (score and level as the image's trace gives them) and where it runs.</summary>
public sealed record RankedFinding(
    string Vulnerability,
    string Severity,
    string Package,
    string Version,
    string? FixedVersion,
    string Image,
    string? Reference,
    double Score,
    string Level,
    int Pods,
    int InternetExposedPods,
    IReadOnlyList<string> Clusters);
