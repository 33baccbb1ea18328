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
    EvidenceView Evidence);

public sealed record WorkloadView(string Kind, string Name, int? Replicas);

/// <summary>How a pod is reachable from outside its cluster.</summary>
public sealed record ExposureView(string Kind, string Name, string Detail);

public sealed record PrivilegeView(bool Privileged, bool? RunAsRoot, bool HostNetwork, bool HostPid, bool HostIpc, IReadOnlyList<string> AddedCapabilities);

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
