using Tether.Core.Graph;

namespace Tether.Core.Model;

/// <summary>
/// One run (attempt) of a CI pipeline. Key: <c>{system}:{host/org/repo or project}/runs/{id}/attempts/{n}</c>,
/// see <see cref="KeyOf"/>.
/// </summary>
public sealed record PipelineRunFacts(string System, string Project, string RunId, int Attempt) : NodeFacts
{
    public override string Kind => NodeKinds.PipelineRun;
    public override string Key => KeyOf(System, Project, RunId, Attempt);
    public static string KeyOf(string system, string project, string runId, int attempt) =>
        $"{system}:{project}/runs/{runId}/attempts/{attempt}";

    public string? Repository { get; init; }
    /// <summary>Workflow or pipeline definition (e.g. <c>.github/workflows/build.yml</c>).</summary>
    public string? Workflow { get; init; }
    public string? WorkflowRef { get; init; }
    public string? RunNumber { get; init; }
    public string? Event { get; init; }
    public string? Actor { get; init; }
    public string? GitRef { get; init; }
    public string? Url { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public string? Builder { get; init; }
    /// <summary>Display name of the workflow or pipeline (GITHUB_WORKFLOW, BUILD_DEFINITIONNAME).</summary>
    public string? WorkflowName { get; init; }
    public string? WorkflowSha { get; init; }
    public string? Job { get; init; }
    public string? TriggeringActor { get; init; }
    /// <summary>The CI system's own id of the repository (GITHUB_REPOSITORY_ID, BUILD_REPOSITORY_ID).</summary>
    public string? RepositoryId { get; init; }
    /// <summary>The commit the run checked out (GITHUB_SHA, BUILD_SOURCEVERSION, provenance revision).</summary>
    public string? CommitSha { get; init; }
    /// <summary><c>github-hosted</c> / <c>self-hosted</c> (GitHub) or the agent pool kind, when reported.</summary>
    public string? RunnerEnvironment { get; init; }
    public string? RunnerName { get; init; }
    public string? RunnerOs { get; init; }
    public string? RunnerArch { get; init; }
}

/// <summary>
/// A provenance document (in-toto Statement, possibly inside DSSE or a Sigstore bundle).
/// Key: sha256 of the document bytes as ingested.
/// </summary>
public sealed record AttestationFacts(string Digest) : NodeFacts
{
    public override string Kind => NodeKinds.Attestation;
    public override string Key => Digest;
    /// <summary>Envelope format: <c>in-toto-statement</c>, <c>dsse</c>, <c>sigstore-bundle</c>.</summary>
    public string? Format { get; init; }
    public string? BundleMediaType { get; init; }
    public string? StatementType { get; init; }
    public string? PredicateType { get; init; }
    public string? BuildType { get; init; }
    public string? BuilderId { get; init; }
    /// <summary><c>unverified</c> until signature verification exists; never claims more than was checked.</summary>
    public string Verification { get; init; } = "unverified";
    /// <summary>Signer identity as written in the certificate (not verified).</summary>
    public string? SignerIdentity { get; init; }
    public string? TransparencyLogIndex { get; init; }
    public string? Source { get; init; }
    /// <summary>OIDC issuer written in the signing certificate (Fulcio extension; not verified).</summary>
    public string? SignerIssuer { get; init; }
    /// <summary>When the transparency log says it integrated the entry (not verified).</summary>
    public DateTimeOffset? TransparencyLogIntegratedAt { get; init; }
    /// <summary>Every subject digest as <c>algorithm:hex</c>, in statement order (sha256 ones are also linked as images).</summary>
    public IReadOnlyList<string>? SubjectDigests { get; init; }
    public IReadOnlyList<string>? SubjectNames { get; init; }
    /// <summary>The build invocation the predicate names (SLSA invocationId / buildInvocationId).</summary>
    public string? InvocationId { get; init; }
}
