using Tether.Core.Trace;

namespace Tether.Core.Paths;

/// <summary>
/// One attack path: internet → exposed workload → the vulnerability an attacker would use (the top one by priority on
/// the running image) → the cloud identity the workload acts as → a resource that identity holds permissions on.
/// Every hop carries what makes it true (docs/attack-paths.md).
/// </summary>
public sealed record AttackPath(
    double Score,
    string Level,
    IReadOnlyList<PathScoreFactor> Factors,
    EntryHop Entry,
    WorkloadHop Workload,
    VulnerabilityHop Vulnerability,
    IdentityHop Identity,
    ResourceHop Resource);

public sealed record PathScoreFactor(string Name, string Value, double Contribution);

/// <summary>Why the workload is reachable from the internet: the Services, Ingresses, Gateway routes, host ports or host network.</summary>
public sealed record EntryHop(IReadOnlyList<ExposureView> Exposures);

/// <summary>The exposed workload (or bare pod), how many of its pods are on the path, and the image they run.</summary>
public sealed record WorkloadHop(string Cluster, string Namespace, string Kind, string Name, int Pods, string Environment, string ImageDigest, IReadOnlyList<string> ImageReferences, EvidenceView Evidence);

/// <summary>The vulnerability on the running image with the highest priority (at or above the requested severity).</summary>
public sealed record VulnerabilityHop(string Id, string Severity, string Package, string Version, string? FixedVersion, double Priority, string PriorityLevel, int OtherFindings, EvidenceView? Evidence);

/// <summary>The service account the pods run as, the annotation that binds it to a cloud identity, and that identity.</summary>
public sealed record IdentityHop(string ServiceAccount, string Annotation, string Provider, string Id, string? Name, bool KubernetesTokenMounted, EvidenceView Evidence);

/// <summary>The resource and the permissions the identity holds on it, from the ingested cloud inventory.</summary>
public sealed record ResourceHop(string Id, string? Name, string? Type, string? Sensitivity, string? SensitivityLevel, IReadOnlyList<string> Permissions, EvidenceView Evidence);

/// <summary>Filters of <c>tether paths</c>.</summary>
public sealed record AttackPathQuery
{
    /// <summary>Only vulnerabilities at or above this severity (CRITICAL, HIGH, MEDIUM, LOW) count as the path's entry point.</summary>
    public string? MinSeverity { get; init; }

    /// <summary>Only workloads of this cluster.</summary>
    public string? Cluster { get; init; }
}
