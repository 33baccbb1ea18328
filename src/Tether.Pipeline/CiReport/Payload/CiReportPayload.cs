namespace Tether.Pipeline.CiReport.Payload;

/// <summary>
/// What <c>tether ci report</c> sends to a Tether server (<c>POST /api/v1/ci-reports</c>) or stores: the run, the commit
/// it built, the images it pushed (by manifest digest) and the Dockerfile it used. Versioned by <see cref="Schema"/>;
/// v1 readers ignore members they do not know, so fields can be added without a new version.
/// </summary>
public sealed record CiReportPayload
{
    public const string SchemaV1 = "https://tether.dev/ci-report/v1";

    public string Schema { get; init; } = SchemaV1;
    /// <summary>When the report was made (the CI step's clock).</summary>
    public required DateTimeOffset GeneratedAt { get; init; }
    /// <summary>The program that made it, e.g. <c>tether 0.1.0</c>.</summary>
    public string? Generator { get; init; }
    public required CiRun Run { get; init; }
    public required CiCommit Commit { get; init; }
    public IReadOnlyList<CiImage> Images { get; init; } = [];
    public CiDockerfile? Dockerfile { get; init; }
}

/// <summary>The CI run (one attempt). <see cref="System"/> is <c>github-actions</c> or <c>azure-pipelines</c>.</summary>
public sealed record CiRun
{
    public const string GitHubActions = "github-actions";
    public const string AzurePipelines = "azure-pipelines";

    public required string System { get; init; }
    /// <summary>GITHUB_SERVER_URL, or the Azure DevOps collection URI.</summary>
    public required string ServerUrl { get; init; }
    /// <summary><c>owner/repo</c> on GitHub; the team project name on Azure DevOps.</summary>
    public required string Project { get; init; }
    public required string RunId { get; init; }
    public required int Attempt { get; init; }
    public string? RunNumber { get; init; }
    public string? Url { get; init; }
    /// <summary>Repository URL as the CI system reports it (normalized when stored).</summary>
    public required string RepositoryUrl { get; init; }
    public string? RepositoryId { get; init; }
    /// <summary>Azure's BUILD_REPOSITORY_PROVIDER (TfsGit, GitHub, Bitbucket…); <c>GitHub</c> on GitHub Actions.</summary>
    public string? RepositoryProvider { get; init; }
    public string? WorkflowName { get; init; }
    /// <summary>Workflow file path in its repository, e.g. <c>.github/workflows/build.yml</c>.</summary>
    public string? WorkflowPath { get; init; }
    public string? WorkflowRef { get; init; }
    public string? WorkflowSha { get; init; }
    public string? Job { get; init; }
    /// <summary>GITHUB_EVENT_NAME (<c>push</c>, <c>pull_request</c>…) or BUILD_REASON (<c>IndividualCI</c>, <c>PullRequest</c>…).</summary>
    public string? Event { get; init; }
    public string? Actor { get; init; }
    public string? TriggeringActor { get; init; }
    /// <summary>The ref the run built, e.g. <c>refs/heads/main</c>.</summary>
    public string? GitRef { get; init; }
    public CiRunner? Runner { get; init; }
}

public sealed record CiRunner
{
    public string? Name { get; init; }
    public string? Os { get; init; }
    public string? Arch { get; init; }
    /// <summary><c>github-hosted</c> or <c>self-hosted</c> on GitHub.</summary>
    public string? Environment { get; init; }
    public string? ImageOs { get; init; }
    public string? ImageVersion { get; init; }
}

/// <summary>The commit the run checked out. Details are present only when the CI system said so for this very SHA.</summary>
public sealed record CiCommit
{
    public required string Sha { get; init; }
    public string? AuthorName { get; init; }
    public string? AuthorEmail { get; init; }
    public string? Message { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
}

/// <summary>An image the run pushed: its manifest (or index) digest and the names it was pushed under.</summary>
public sealed record CiImage
{
    public required string Digest { get; init; }
    /// <summary>Normalized references, <c>registry/repository[:tag]</c>.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];
    public string? MediaType { get; init; }
    public long? Size { get; init; }
    public string? ConfigDigest { get; init; }
    /// <summary>The bake target that produced it, for <c>docker buildx bake</c> metadata.</summary>
    public string? Target { get; init; }
}

/// <summary>The Dockerfile as parsed in the CI step; its content itself is not sent, only its digest and structure.</summary>
public sealed record CiDockerfile
{
    /// <summary>Path relative to the repository root when it could be made so, forward slashes.</summary>
    public required string Path { get; init; }
    public required string ContentDigest { get; init; }
    public string? Context { get; init; }
    public string? Syntax { get; init; }
    public string? BaseImage { get; init; }
    public IReadOnlyList<CiDockerfileStage> Stages { get; init; } = [];
    public IReadOnlyList<CiDockerfileInstruction> Instructions { get; init; } = [];
}

public sealed record CiDockerfileStage(int Line, string Image, string? Name, string? Platform);

public sealed record CiDockerfileInstruction(int Line, string Keyword, string Text);
