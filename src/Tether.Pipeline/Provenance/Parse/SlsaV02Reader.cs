using System.Globalization;
using System.Text.RegularExpressions;
using Tether.Core.Identity;
using Tether.Pipeline.CiReport.Parse;
using Tether.Pipeline.Identity;
using Tether.Pipeline.Parsing;

namespace Tether.Pipeline.Provenance.Parse;

/// <summary>
/// SLSA provenance v0.2 (<c>https://slsa.dev/provenance/v0.2</c>): builder.id, buildType, invocation.configSource,
/// invocation.environment (GitHub context), metadata, materials; BuildKit's variant with its VCS metadata.
/// </summary>
internal static partial class SlsaV02Reader
{
    [GeneratedRegex(@"(\.[0-9]{7})[0-9]+")]
    private static partial Regex ExcessFraction();

    public static BuildProvenance Read(JsonAt predicate)
    {
        var builderId = predicate.OptionalObject("builder")?.String("id");
        var buildType = predicate.String("buildType");
        var invocation = predicate.OptionalObject("invocation");
        var configSource = invocation?.OptionalObject("configSource");
        var configUri = configSource?.String("uri");
        var entryPoint = configSource?.String("entryPoint");
        var env = new GitHubEnvironment(invocation?.StringMap("environment") ?? new Dictionary<string, string>());
        var metadata = predicate.OptionalObject("metadata");
        // BuildKit spells it buildInvocationID.
        var invocationId = metadata?.String("buildInvocationId") ?? metadata?.String("buildInvocationID");
        var startedOn = Time(metadata, "buildStartedOn");
        var buildKit = BuildKitMetadata.IsBuildKit(buildType) ? BuildKitMetadata.Read(metadata?.OptionalObject(BuildKitMetadata.MetadataKey)) : null;

        var configRepository = SourceUris.Repository(configUri, out var configRef);
        var configCommit = configRepository is null ? null : InTotoStatementReader.CommitFrom(configSource?.OptionalObject("digest"));
        var repositoryUrl = SourceUris.Repository(buildKit?.VcsSource, out _) ?? configRepository;
        var commit = Commit(buildKit?.VcsRevision, predicate, "metadata.vcs.revision") ?? configCommit ?? Commit(env.Sha, predicate, "invocation.environment.github_sha1");

        var environmentPath = "invocation.environment";
        if (env["github_server_url"] is { } declared
            && !(Uri.TryCreate(declared, UriKind.Absolute, out var declaredUri) && declaredUri.Scheme is "https" or "http"))
        {
            throw predicate.Error($"{environmentPath}.github_server_url", $"'{ProvenanceParser.Clip(declared)}' is not an http(s) URL.");
        }

        if (env["github_repository"] is { } named && named.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            throw predicate.Error($"{environmentPath}.github_repository", $"'{ProvenanceParser.Clip(named)}' is not owner/repo.");
        }

        var serverUrl = env["github_server_url"]?.TrimEnd('/') ?? ServerOf(repositoryUrl, env["github_repository"]) ?? ServerOf(builderId, null);
        if (repositoryUrl is null && serverUrl is not null && env["github_repository"] is { } repository)
        {
            repositoryUrl = $"{serverUrl}/{repository}";
        }

        return new BuildProvenance
        {
            SlsaVersion = "v0.2",
            BuilderId = builderId,
            BuildType = buildType,
            InvocationId = invocationId,
            RepositoryUrl = repositoryUrl,
            CommitSha = commit,
            GitRef = env["github_ref"] ?? configRef,
            WorkflowRef = env["github_workflow_ref"],
            // For BuildKit the entry point is the Dockerfile, not a workflow.
            WorkflowPath = GitHubActionsContext.WorkflowPath(env["github_workflow_ref"]) ?? (buildKit is null && !BuildKitMetadata.IsBuildKit(buildType) ? entryPoint : null),
            Event = env["github_event_name"],
            Actor = env["github_actor"],
            RepositoryId = env["github_repository_id"],
            StartedAt = startedOn,
            GitHubRun = Run(env, serverUrl, builderId, invocationId),
            DockerfilePath = buildKit?.DockerfilePath(entryPoint) ?? (BuildKitMetadata.IsBuildKit(buildType) ? entryPoint : null),
            DockerfileContent = buildKit?.Dockerfile,
        };
    }

    private static GitHubRunRef? Run(GitHubEnvironment env, string? serverUrl, string? builderId, string? invocationId)
    {
        if (env["github_run_id"] is { } runId && env["github_repository"] is { } repository && serverUrl is not null
            && runId.All(char.IsAsciiDigit) && runId.Length <= 20)
        {
            int? attempt = int.TryParse(env["github_run_attempt"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : null;
            // npm writes buildInvocationId as "<run id>-<attempt>".
            if (attempt is null && invocationId is not null && invocationId.StartsWith(runId + "-", StringComparison.Ordinal)
                && int.TryParse(invocationId.AsSpan(runId.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out n) && n >= 1)
            {
                attempt = n;
            }

            return new GitHubRunRef(serverUrl, repository, runId, attempt);
        }

        return PipelineRuns.TryParseGitHubRunUrl(builderId, out var server, out var repo, out var id, out var runAttempt)
            ? new GitHubRunRef(server, repo, id, runAttempt)
            : null;
    }

    /// <summary>The scheme and host of a repository URL whose path is <paramref name="repository"/> (or any, when null).</summary>
    internal static string? ServerOf(string? url, string? repository)
    {
        if (url is null)
        {
            return null;
        }

        var normalized = RepositoryUrl.TryNormalize(url);
        if (normalized is null)
        {
            return null;
        }

        var slash = normalized.IndexOf('/', StringComparison.Ordinal);
        if (repository is not null && !string.Equals(normalized[(slash + 1)..], repository, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return "https://" + normalized[..slash];
    }

    internal static string? Commit(string? value, JsonAt at, string field) =>
        value is null ? null : CommitSha.Normalize(value) ?? throw at.Error(field, $"'{ProvenanceParser.Clip(value)}' is not a git commit (40 or 64 hex).");

    internal static DateTimeOffset? Time(JsonAt? parent, string name)
    {
        var text = parent?.String(name);
        if (text is null)
        {
            return null;
        }

        // BuildKit writes nanoseconds; .NET reads at most seven fractional digits.
        var trimmed = text.Length > 64 ? text : ExcessFraction().Replace(text, "$1");
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw parent!.Value.Error(name, $"'{ProvenanceParser.Clip(text)}' is not a date and time.");
    }
}
