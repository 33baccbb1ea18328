using System.Globalization;
using Tether.Core.Parsing;
using Tether.Pipeline.CiReport.Payload;
using Tether.Pipeline.Identity;
using Tether.Pipeline.Parsing;

namespace Tether.Pipeline.CiReport.Parse;

/// <summary>
/// The run and commit as GitHub Actions describes them in the job's environment (GITHUB_*, RUNNER_*) and, for commit
/// details, the event payload at GITHUB_EVENT_PATH.
/// </summary>
public static class GitHubActionsContext
{
    public const string EventPathVariable = "GITHUB_EVENT_PATH";
    public const int MaxEventBytes = 32 * 1024 * 1024;

    public static bool Detect(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue("GITHUB_ACTIONS", out var value) && value.Equals("true", StringComparison.OrdinalIgnoreCase);

    public static (CiRun Run, CiCommit Commit) Parse(
        IReadOnlyDictionary<string, string> environment,
        ReadOnlyMemory<byte>? eventPayload = null,
        string eventSource = EventPathVariable)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var env = new EnvironmentReader(environment);
        var server = env.RequiredUrl("GITHUB_SERVER_URL");
        var repository = env.Required("GITHUB_REPOSITORY");
        if (repository.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            throw env.Error("GITHUB_REPOSITORY", $"'{repository}' is not owner/repo.");
        }

        var runId = env.Digits("GITHUB_RUN_ID");
        var attempt = env.PositiveInt("GITHUB_RUN_ATTEMPT");
        var sha = env.Sha("GITHUB_SHA");
        var workflowRef = env.Optional("GITHUB_WORKFLOW_REF");
        var run = new CiRun
        {
            System = CiRun.GitHubActions,
            ServerUrl = server,
            Project = repository,
            RunId = runId,
            Attempt = attempt,
            RunNumber = env.Optional("GITHUB_RUN_NUMBER"),
            Url = PipelineRuns.GitHubRunUrl(server, repository, runId, attempt),
            RepositoryUrl = $"{server.TrimEnd('/')}/{repository}",
            RepositoryId = env.Optional("GITHUB_REPOSITORY_ID"),
            RepositoryProvider = "GitHub",
            WorkflowName = env.Optional("GITHUB_WORKFLOW"),
            WorkflowRef = workflowRef,
            WorkflowPath = WorkflowPath(workflowRef),
            WorkflowSha = env.OptionalSha("GITHUB_WORKFLOW_SHA"),
            Job = env.Optional("GITHUB_JOB"),
            Event = env.Optional("GITHUB_EVENT_NAME"),
            Actor = env.Optional("GITHUB_ACTOR"),
            TriggeringActor = env.Optional("GITHUB_TRIGGERING_ACTOR"),
            GitRef = env.Optional("GITHUB_REF"),
            Runner = new CiRunner
            {
                Name = env.Optional("RUNNER_NAME"),
                Os = env.Optional("RUNNER_OS"),
                Arch = env.Optional("RUNNER_ARCH"),
                Environment = env.Optional("RUNNER_ENVIRONMENT"),
                ImageOs = env.Optional("ImageOS"),
                ImageVersion = env.Optional("ImageVersion"),
            },
        };

        var commit = new CiCommit { Sha = sha };
        if (eventPayload is { } bytes)
        {
            commit = WithHeadCommit(commit, bytes, eventSource);
        }

        return (run, commit);
    }

    /// <summary><c>owner/repo/.github/workflows/x.yml@refs/heads/main</c> → <c>.github/workflows/x.yml</c>.</summary>
    public static string? WorkflowPath(string? workflowRef)
    {
        if (string.IsNullOrEmpty(workflowRef))
        {
            return null;
        }

        var at = workflowRef.IndexOf('@', StringComparison.Ordinal);
        var path = at >= 0 ? workflowRef[..at] : workflowRef;
        var parts = path.Split('/', 3);
        return parts.Length == 3 && parts[2].Length > 0 ? parts[2] : null;
    }

    /// <summary>
    /// Adds author, message and time from the event's <c>head_commit</c>, only when it is the commit the run built
    /// (a pull_request run builds a merge commit the payload does not describe).
    /// </summary>
    private static CiCommit WithHeadCommit(CiCommit commit, ReadOnlyMemory<byte> payload, string source)
    {
        using var document = BoundedJson.Parse(payload, source, MaxEventBytes);
        var root = new JsonAt(document.RootElement, source, "$").ExpectObject();
        var head = root.OptionalObject("head_commit");
        if (head is null || !string.Equals(head.Value.String("id"), commit.Sha, StringComparison.OrdinalIgnoreCase))
        {
            return commit;
        }

        var author = head.Value.OptionalObject("author");
        var timestamp = head.Value.String("timestamp");
        DateTimeOffset? when = null;
        if (timestamp is not null)
        {
            when = DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed
                : throw head.Value.Error("timestamp", $"'{timestamp}' is not a date and time.");
        }

        return commit with
        {
            AuthorName = author?.String("name"),
            AuthorEmail = author?.String("email"),
            Message = head.Value.String("message"),
            Timestamp = when,
        };
    }
}
