using System.Globalization;
using Tether.Core.Risk;

namespace Tether.Core.Trace;

/// <summary>Urgency in production terms, with every factor's contribution shown (never an opaque number only).</summary>
public sealed record Priority(string Level, double Score, IReadOnlyList<PriorityFactor> Factors);

public sealed record PriorityFactor(string Name, string Value, double Contribution);

/// <summary>
/// The production-aware score (0–100), documented in docs/priority.md. Severity sets the start; where and how the image
/// runs moves it: a MEDIUM on 50 internet-facing production pods holding personal data outranks a HIGH on one internal
/// dev pod. The points of each factor come from <see cref="PriorityWeights"/> (defaults, or the user's config).
/// </summary>
public static class PriorityScorer
{
    public static Priority Score(VulnerabilityView vulnerability, PackageView package, BlastRadius blast) =>
        Score(vulnerability, package, blast, PriorityWeights.Default);

    public static Priority Score(VulnerabilityView vulnerability, PackageView package, BlastRadius blast, PriorityWeights weights)
    {
        ArgumentNullException.ThrowIfNull(vulnerability);
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(blast);
        ArgumentNullException.ThrowIfNull(weights);
        var factors = FindingFactors(vulnerability, weights);
        if (blast.Pods == 0)
        {
            factors.Add(new("running", "not running in any collected cluster", weights.NotRunning));
        }
        else
        {
            AddRuntimeFactors(factors, blast, weights);
        }

        if (!string.IsNullOrEmpty(package.FixedVersion))
        {
            factors.Add(new("fix available", package.FixedVersion, weights.FixAvailable));
        }

        var score = Math.Round(Math.Clamp(factors.Sum(f => f.Contribution), 0, 100), 1);
        return new Priority(LevelOf(score), score, factors);
    }

    /// <summary>
    /// The points of a finding that do not depend on where its image runs (severity, KEV, EPSS, fix available): a
    /// finding's score is these plus <see cref="RuntimePoints"/>, clamped to 0–100. Recommendations take the highest score
    /// of a group from the highest of each part, without scoring every (image, finding).
    /// </summary>
    internal static double FindingPoints(VulnerabilityView vulnerability, PackageView package, PriorityWeights weights) =>
        FindingFactors(vulnerability, weights).Sum(f => f.Contribution) + (string.IsNullOrEmpty(package.FixedVersion) ? 0 : weights.FixAvailable);

    /// <summary>The points of where a running image runs (environment, exposure, data, privilege, identity, scale).</summary>
    internal static double RuntimePoints(BlastRadius blast, PriorityWeights weights)
    {
        var factors = new List<PriorityFactor>();
        AddRuntimeFactors(factors, blast, weights);
        return factors.Sum(f => f.Contribution);
    }

    private static List<PriorityFactor> FindingFactors(VulnerabilityView vulnerability, PriorityWeights weights)
    {
        var factors = new List<PriorityFactor>
        {
            new("severity", SeverityLabel(vulnerability), SeverityPoints(vulnerability, weights)),
        };

        // Evidence of attacks outweighs a severity step: a KEV-listed MEDIUM deserves the attention of a HIGH.
        if (vulnerability.Kev is { } kev)
        {
            factors.Add(new("known exploited", $"CISA KEV since {kev.DateAdded}" + (kev.Ransomware ? ", used in ransomware campaigns" : ""),
                kev.Ransomware ? weights.KnownExploitedRansomware : weights.KnownExploited));
        }

        if (vulnerability.Epss is { Score: >= 0.01 } epss)
        {
            factors.Add(new("exploit probability", $"EPSS {epss.Score.ToString("0.###", CultureInfo.InvariantCulture)} ({(epss.Percentile * 100).ToString("0.#", CultureInfo.InvariantCulture)}th percentile)", Math.Round(weights.ExploitProbability * epss.Score, 1)));
        }

        return factors;
    }

    public static string LevelOf(double score) => score switch
    {
        >= 70 => "CRITICAL",
        >= 50 => "HIGH",
        >= 30 => "MEDIUM",
        _ => "LOW",
    };

    private static void AddRuntimeFactors(List<PriorityFactor> factors, BlastRadius blast, PriorityWeights weights)
    {
        var production = blast.PodsByEnvironment.GetValueOrDefault(Environments.Production);
        var unknown = blast.PodsByEnvironment.GetValueOrDefault(Environments.Unknown);
        if (production > 0)
        {
            factors.Add(new("environment", $"{production} production pod(s)", weights.Production));
        }
        else if (unknown > 0)
        {
            factors.Add(new("environment", $"{unknown} pod(s) in an unlabelled environment", weights.UnknownEnvironment));
        }
        else
        {
            factors.Add(new("environment", "non-production only", 0));
        }

        if (blast.InternetExposedPods > 0)
        {
            factors.Add(new("internet exposure", $"{blast.InternetExposedPods} pod(s) reachable from outside the cluster via {string.Join(", ", blast.Exposures.Select(e => e.Kind).Distinct(StringComparer.Ordinal))}", weights.InternetExposure));
        }

        var high = blast.PodsByDataSensitivity.GetValueOrDefault(DataSensitivityMapping.High);
        var medium = blast.PodsByDataSensitivity.GetValueOrDefault(DataSensitivityMapping.Medium);
        var classes = string.Join(", ", blast.PodsByDataClassification.Keys);
        if (high > 0)
        {
            factors.Add(new("data sensitivity", $"{high} pod(s) handle {classes} data (high)", weights.DataSensitivityHigh));
        }
        else if (medium > 0)
        {
            factors.Add(new("data sensitivity", $"{medium} pod(s) handle {classes} data (medium)", weights.DataSensitivityMedium));
        }

        // The worst tier counts once: a privileged root container is a host compromise, not two findings.
        var reasons = string.Join(", ", blast.PrivilegeReasons);
        if (blast.HostPrivilegePods > 0)
        {
            factors.Add(new("privilege", $"{blast.HostPrivilegePods} pod(s) with host access: {reasons}", weights.PrivilegeHost));
        }
        else if (blast.RunAsRootPods > 0)
        {
            factors.Add(new("privilege", $"{blast.RunAsRootPods} pod(s) may run as root", weights.PrivilegeRoot));
        }
        else if (blast.EscalationPods > 0)
        {
            factors.Add(new("privilege", $"{blast.EscalationPods} pod(s) allow privilege escalation", weights.PrivilegeEscalation));
        }

        if (blast.SensitiveIdentityPods > 0)
        {
            factors.Add(new("cloud identity", $"{blast.SensitiveIdentityPods} pod(s) act as a cloud identity with permissions on {string.Join(", ", blast.SensitiveResources)}", weights.CloudIdentitySensitive));
        }
        else if (blast.CloudIdentityPods > 0)
        {
            factors.Add(new("cloud identity", $"{blast.CloudIdentityPods} pod(s) act as {string.Join(", ", blast.CloudIdentities)}", weights.CloudIdentity));
        }

        // Reach grows with replicas, but slowly: 1 pod adds 1.5, 50 pods add 8.5, 1000+ pods cap at 10.
        factors.Add(new("scale", $"{blast.Pods} pod(s) in {blast.Clusters.Count} cluster(s)", Math.Round(Math.Min(weights.ScaleMax, weights.ScalePerDecade * Math.Log10(blast.Pods + 1)), 1)));
    }

    // The reported level (the distro's or scanner's assessment for this package) sets the start, not the
    // NVD base score: a distro often rates a CVE lower for its build, and the level is what users read.
    private static double SeverityPoints(VulnerabilityView vulnerability, PriorityWeights weights) => vulnerability.Severity switch
    {
        "CRITICAL" => weights.SeverityCritical,
        "HIGH" => weights.SeverityHigh,
        "MEDIUM" => weights.SeverityMedium,
        "LOW" => weights.SeverityLow,
        _ => weights.SeverityOther,
    };

    private static string SeverityLabel(VulnerabilityView vulnerability) =>
        vulnerability.CvssScore is { } cvss and > 0
            ? $"{vulnerability.Severity} (CVSS {cvss.ToString("0.0", CultureInfo.InvariantCulture)})"
            : vulnerability.Severity;
}
