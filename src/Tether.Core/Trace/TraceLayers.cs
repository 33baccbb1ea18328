namespace Tether.Core.Trace;

/// <summary>RUNTIME: one running container of the image.</summary>
public sealed record RuntimeInstance(
    string Cluster,
    string Namespace,
    string Pod,
    string Container,
    WorkloadView? Workload,
    string? Node,
    string Environment,
    string? EnvironmentSource,
    string? DataClassification,
    IReadOnlyList<ExposureView> Exposure,
    PrivilegeView Privilege,
    string? ServiceAccount,
    string? CloudIdentity,
    string ImageDigest,
    EvidenceView Evidence)
{
    /// <summary>Level of <see cref="DataClassification"/> under the risk settings (high, medium, low), null when unmapped.</summary>
    public string? DataSensitivity { get; init; }

    /// <summary>The cloud identity the pod acts as through its service account, when one is bound.</summary>
    public IdentityView? Identity { get; init; }
}

/// <summary>
/// A cloud identity bound to the pod's service account: which annotation binds it, whether the pod receives it (Azure
/// needs the pod label), whether a Kubernetes API token is mounted too, and the grants the cloud inventory lists.
/// </summary>
public sealed record IdentityView(
    string Provider,
    string Id,
    string ServiceAccount,
    string Annotation,
    bool Held,
    bool KubernetesTokenMounted,
    IReadOnlyList<GrantView> Grants,
    EvidenceView Evidence)
{
    public string Key => $"{Provider}:{Id}";

    /// <summary>The identity's display name from the cloud inventory (managed identity, role or account name).</summary>
    public string? Name { get; init; }
}

/// <summary>Permissions of an identity on one cloud resource, and how sensitive the resource is.</summary>
public sealed record GrantView(string Resource, string? Name, string? Type, string? Sensitivity, string? SensitivityLevel, IReadOnlyList<string> Permissions, EvidenceView Evidence);

public sealed record WorkloadView(string Kind, string Name, int? Replicas);

/// <summary>How a pod is reachable from outside its cluster.</summary>
public sealed record ExposureView(string Kind, string Name, string Detail);

public sealed record PrivilegeView(bool Privileged, bool? RunAsRoot, bool HostNetwork, bool HostPid, bool HostIpc, IReadOnlyList<string> AddedCapabilities)
{
    public bool? AllowPrivilegeEscalation { get; init; }
    public IReadOnlyList<string> HostPathMounts { get; init; } = [];

    /// <summary>The worst privilege tier and its reasons (<see cref="Risk.PrivilegeRules"/>).</summary>
    public Risk.PrivilegeAssessment Assessment =>
        Risk.PrivilegeRules.Assess(Privileged, HostPid, HostIpc, HostNetwork, AddedCapabilities, HostPathMounts, RunAsRoot, AllowPrivilegeEscalation);
}

/// <summary>REGISTRY: the manifest digest and the references that point at it.</summary>
public sealed record RegistryLayer(
    string Digest,
    string? IndexDigest,
    string? Platform,
    IReadOnlyList<ReferenceView> References,
    DateTimeOffset? Created,
    string? ConfigDigest,
    IReadOnlyList<AttestationView> Attestations);

public sealed record ReferenceView(string Reference, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, bool Current, EvidenceView Evidence);

public sealed record AttestationView(string Digest, string? PredicateType, string? BuilderId, string Verification, string? SignerIdentity);

/// <summary>PIPELINE: the CI run that built the image.</summary>
public sealed record PipelineLayer(
    string System,
    string RunId,
    int Attempt,
    string? RunNumber,
    string? Workflow,
    string? Event,
    string? Actor,
    string? GitRef,
    string? Url,
    string? Builder,
    EvidenceView Evidence,
    IReadOnlyList<EvidenceView> OtherEvidence);

/// <summary>SOURCE: repository, commit and the Dockerfile line that introduced the finding's layer.</summary>
public sealed record SourceLayer(
    string Repository,
    string? RepositoryUrl,
    string? Commit,
    string? CommitUrl,
    string? Author,
    string? Message,
    DockerfileView? Dockerfile,
    EvidenceView Evidence);

public sealed record DockerfileView(
    string Path,
    string? Url,
    int? Line,
    string? Instruction,
    string? BaseImage,
    string Attribution,
    double Confidence);
