using System.Globalization;

namespace Tether.Core.Trace;

/// <summary>Urgency in production terms, with every factor's contribution shown (never an opaque number only).</summary>
public sealed record Priority(string Level, double Score, IReadOnlyList<PriorityFactor> Factors);

public sealed record PriorityFactor(string Name, string Value, double Contribution);

/// <summary>
/// The baseline production-aware score (0–100), documented in docs/priority.md. Severity sets the start;
/// where and how the image runs moves it: a MEDIUM on 50 internet-facing production pods holding
/// personal data outranks a HIGH on one internal dev pod.
/// </summary>
public static class PriorityScorer
{
    public static Priority Score(VulnerabilityView vulnerability, PackageView package, BlastRadius blast)
    {
        ArgumentNullException.ThrowIfNull(vulnerability);
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(blast);
        var factors = new List<PriorityFactor>
        {
            new("severity", SeverityLabel(vulnerability), SeverityPoints(vulnerability)),
        };

        // Evidence of attacks outweighs a severity step: a KEV-listed MEDIUM deserves the attention of a HIGH.
        if (vulnerability.Kev is { } kev)
        {
            factors.Add(new("known exploited", $"CISA KEV since {kev.DateAdded}" + (kev.Ransomware ? ", used in ransomware campaigns" : ""), kev.Ransomware ? 18 : 15));
        }

        if (vulnerability.Epss is { Score: >= 0.01 } epss)
        {
            factors.Add(new("exploit probability", $"EPSS {epss.Score.ToString("0.###", CultureInfo.InvariantCulture)} ({(epss.Percentile * 100).ToString("0.#", CultureInfo.InvariantCulture)}th percentile)", Math.Round(10 * epss.Score, 1)));
        }

        if (blast.Pods == 0)
        {
            factors.Add(new("running", "not running in any collected cluster", -10));
        }
        else
        {
            var production = blast.PodsByEnvironment.GetValueOrDefault(Environments.Production);
            var unknown = blast.PodsByEnvironment.GetValueOrDefault(Environments.Unknown);
            if (production > 0)
            {
                factors.Add(new("environment", $"{production} production pod(s)", 20));
            }
            else if (unknown > 0)
            {
                factors.Add(new("environment", $"{unknown} pod(s) in an unlabelled environment", 8));
            }
            else
            {
                factors.Add(new("environment", "non-production only", 0));
            }

            if (blast.InternetExposedPods > 0)
            {
                factors.Add(new("internet exposure", $"{blast.InternetExposedPods} pod(s) reachable from outside the cluster", 15));
            }

            var sensitive = blast.PodsByDataClassification
                .Where(p => DataClassifications.IsSensitive(p.Key)).Sum(p => p.Value);
            if (sensitive > 0)
            {
                var classes = string.Join(", ", blast.PodsByDataClassification.Keys.Where(DataClassifications.IsSensitive));
                factors.Add(new("data sensitivity", $"{sensitive} pod(s) handle {classes} data", 10));
            }

            var privileged = blast.PrivilegedPods + blast.HostNamespacePods;
            if (privileged > 0)
            {
                factors.Add(new("privilege", $"{blast.PrivilegedPods} privileged, {blast.HostNamespacePods} in host namespaces", 8));
            }
            else if (blast.RunAsRootPods > 0)
            {
                factors.Add(new("privilege", $"{blast.RunAsRootPods} pod(s) may run as root", 3));
            }

            // Reach grows with replicas, but slowly: 1 pod adds 1.5, 50 pods add 8.5, 1000+ pods cap at 10.
            factors.Add(new("scale", $"{blast.Pods} pod(s) in {blast.Clusters.Count} cluster(s)", Math.Round(Math.Min(10, 5 * Math.Log10(blast.Pods + 1)), 1)));
        }

        if (!string.IsNullOrEmpty(package.FixedVersion))
        {
            factors.Add(new("fix available", package.FixedVersion, 2));
        }

        var score = Math.Round(Math.Clamp(factors.Sum(f => f.Contribution), 0, 100), 1);
        return new Priority(LevelOf(score), score, factors);
    }

    public static string LevelOf(double score) => score switch
    {
        >= 70 => "CRITICAL",
        >= 50 => "HIGH",
        >= 30 => "MEDIUM",
        _ => "LOW",
    };

    // The reported level (the distro's or scanner's assessment for this package) sets the start, not the
    // NVD base score: a distro often rates a CVE lower for its build, and the level is what users read.
    private static double SeverityPoints(VulnerabilityView vulnerability) => vulnerability.Severity switch
    {
        "CRITICAL" => 38,
        "HIGH" => 30,
        "MEDIUM" => 20,
        "LOW" => 10,
        _ => 5,
    };

    private static string SeverityLabel(VulnerabilityView vulnerability) =>
        vulnerability.CvssScore is { } cvss and > 0
            ? $"{vulnerability.Severity} (CVSS {cvss.ToString("0.0", CultureInfo.InvariantCulture)})"
            : vulnerability.Severity;
}
