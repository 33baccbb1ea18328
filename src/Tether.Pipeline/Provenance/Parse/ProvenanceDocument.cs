namespace Tether.Pipeline.Provenance.Parse;

/// <summary>
/// One provenance document as read, before any graph fact: its envelope, what it says about its signer (not
/// verified), and the statement inside (null for a Sigstore bundle that signs an artifact directly).
/// </summary>
public sealed record ProvenanceDocument
{
    /// <summary>sha256 of the document's bytes (for a JSON Lines file, of its line): the attestation's key.</summary>
    public required string Digest { get; init; }
    /// <summary>The file, or <c>file:line N</c>, for errors and evidence.</summary>
    public required string Source { get; init; }
    /// <summary><c>in-toto-statement</c>, <c>dsse</c> or <c>sigstore-bundle</c>.</summary>
    public required string Format { get; init; }
    public string? BundleMediaType { get; init; }
    public int SignatureCount { get; init; }
    public SignerInfo? Signer { get; init; }
    public TransparencyLogEntry? LogEntry { get; init; }
    public InTotoStatement? Statement { get; init; }
    /// <summary>Set when a JSON Lines entry was skipped (a predicate type this reader does not interpret).</summary>
    public string? Skipped { get; init; }

    public const string StatementFormat = "in-toto-statement";
    public const string DsseFormat = "dsse";
    public const string BundleFormat = "sigstore-bundle";
}

public sealed record InTotoStatement(string Type, string PredicateType, IReadOnlyList<StatementSubject> Subjects, BuildProvenance? Provenance);

/// <summary>A subject with its digests, algorithm → lower-case hex (only well-formed ones of known algorithms are kept).</summary>
public sealed record StatementSubject(string? Name, IReadOnlyDictionary<string, string> Digests);

/// <summary>Identity and issuer as written in the signing certificate. Informational: no signature or chain was checked.</summary>
public sealed record SignerInfo(string? Identity, string? Issuer);

public sealed record TransparencyLogEntry(string? LogIndex, DateTimeOffset? IntegratedAt);

/// <summary>
/// What a SLSA provenance predicate (v0.2 or v1; GitHub workflow, npm, BuildKit builds) says about the build, in
/// one shape. Each value is null when the predicate does not say it.
/// </summary>
public sealed record BuildProvenance
{
    /// <summary><c>v0.2</c> or <c>v1</c>.</summary>
    public required string SlsaVersion { get; init; }
    public string? BuilderId { get; init; }
    public string? BuildType { get; init; }
    public string? InvocationId { get; init; }
    /// <summary>Source repository URL as written (normalized when stored).</summary>
    public string? RepositoryUrl { get; init; }
    public string? CommitSha { get; init; }
    public string? GitRef { get; init; }
    public string? WorkflowPath { get; init; }
    public string? WorkflowRef { get; init; }
    public string? Event { get; init; }
    public string? Actor { get; init; }
    public string? RepositoryId { get; init; }
    public string? RunnerEnvironment { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public GitHubRunRef? GitHubRun { get; init; }
    /// <summary>Dockerfile path in the repository, for BuildKit builds.</summary>
    public string? DockerfilePath { get; init; }
    /// <summary>Dockerfile content embedded by BuildKit's <c>mode=max</c> provenance.</summary>
    public ReadOnlyMemory<byte>? DockerfileContent { get; init; }
}

/// <summary>A GitHub Actions run; <see cref="Attempt"/> is null when the document names the run but not the attempt.</summary>
public sealed record GitHubRunRef(string ServerUrl, string Repository, string RunId, int? Attempt);
