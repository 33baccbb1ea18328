using Tether.Core.Identity;
using Tether.Pipeline.Identity;
using Tether.Pipeline.Parsing;

namespace Tether.Pipeline.Provenance.Parse;

/// <summary>
/// SLSA provenance v1 (<c>https://slsa.dev/provenance/v1</c>): buildDefinition (buildType, externalParameters,
/// internalParameters, resolvedDependencies) and runDetails (builder.id, metadata.invocationId). Knows the GitHub
/// Actions workflow build type and BuildKit's; others give what the generic fields say.
/// </summary>
internal static class SlsaV1Reader
{
    public static readonly IReadOnlySet<string> GitHubWorkflowBuildTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "https://actions.github.io/buildtypes/workflow/v1",
        "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1",
    };

    private const int MaxDependencies = 100_000;

    public static BuildProvenance Read(JsonAt predicate)
    {
        var definition = predicate.RequiredObject("buildDefinition");
        var buildType = definition.RequiredString("buildType");
        var external = definition.OptionalObject("externalParameters");
        var internalParameters = definition.OptionalObject("internalParameters");
        var dependencies = definition.Array("resolvedDependencies", MaxDependencies);
        var runDetails = predicate.RequiredObject("runDetails");
        var builderId = runDetails.RequiredObject("builder").RequiredString("id");
        var metadata = runDetails.OptionalObject("metadata");
        var invocationId = metadata?.String("invocationId");
        var provenance = new BuildProvenance
        {
            SlsaVersion = "v1",
            BuilderId = builderId,
            BuildType = buildType,
            InvocationId = invocationId,
            StartedAt = SlsaV02Reader.Time(metadata, "startedOn"),
            GitHubRun = RunFrom(invocationId) ?? RunFrom(builderId),
        };

        if (GitHubWorkflowBuildTypes.Contains(buildType))
        {
            var workflow = (external ?? definition.RequiredObject("externalParameters")).RequiredObject("workflow");
            var repository = workflow.RequiredString("repository");
            var github = internalParameters?.OptionalObject("github");
            return provenance with
            {
                RepositoryUrl = repository,
                WorkflowPath = workflow.String("path"),
                GitRef = workflow.String("ref"),
                CommitSha = CommitOf(repository, dependencies),
                Event = github?.String("event_name"),
                RepositoryId = github?.String("repository_id"),
                RunnerEnvironment = github?.String("runner_environment"),
            };
        }

        if (BuildKitMetadata.IsBuildKit(buildType))
        {
            var configSource = external?.OptionalObject("configSource");
            var configRepository = SourceUris.Repository(configSource?.String("uri"), out var configRef);
            var buildKit = BuildKitMetadata.Read(metadata?.OptionalObject("buildkit_metadata") ?? metadata?.OptionalObject(BuildKitMetadata.MetadataKey));
            var commit = SlsaV02Reader.Commit(buildKit?.VcsRevision, predicate, "runDetails.metadata.buildkit_metadata.vcs.revision")
                ?? (configRepository is null ? null : InTotoStatementReader.CommitFrom(configSource?.OptionalObject("digest")));
            var path = configSource?.String("path");
            return provenance with
            {
                RepositoryUrl = SourceUris.Repository(buildKit?.VcsSource, out _) ?? configRepository,
                CommitSha = commit,
                GitRef = configRef,
                DockerfilePath = buildKit?.DockerfilePath(path) ?? path,
                DockerfileContent = buildKit?.Dockerfile,
            };
        }

        // Another builder: a single git dependency is the source; several would be a guess.
        var gitDependencies = dependencies
            .Select(d => (Dependency: d.ExpectObject(), Repository: SourceUris.Repository(d.String("uri"), out _)))
            .Where(d => d.Repository is not null && d.Dependency.Child("digest") is not null)
            .ToList();
        if (gitDependencies.Count == 1)
        {
            var only = gitDependencies[0];
            var commit = InTotoStatementReader.CommitFrom(only.Dependency.OptionalObject("digest"));
            if (commit is not null)
            {
                return provenance with { RepositoryUrl = only.Repository, CommitSha = commit };
            }
        }

        return provenance;
    }

    /// <summary>The commit of the dependency that is the workflow's own repository.</summary>
    private static string? CommitOf(string repository, IReadOnlyList<JsonAt> dependencies)
    {
        var wanted = RepositoryUrl.TryNormalize(repository);
        foreach (var dependency in dependencies)
        {
            dependency.ExpectObject();
            var uri = SourceUris.Repository(dependency.String("uri"), out _);
            if (wanted is not null && RepositoryUrl.TryNormalize(uri) == wanted)
            {
                return InTotoStatementReader.CommitFrom(dependency.OptionalObject("digest"));
            }
        }

        return null;
    }

    private static GitHubRunRef? RunFrom(string? url) =>
        PipelineRuns.TryParseGitHubRunUrl(url, out var server, out var repository, out var runId, out var attempt)
            ? new GitHubRunRef(server, repository, runId, attempt)
            : null;
}
