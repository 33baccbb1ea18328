using Tether.Pipeline.CiReport.Payload;
using Tether.Pipeline.Identity;

namespace Tether.Pipeline.CiReport.Parse;

/// <summary>
/// The run and commit as Azure Pipelines describes them in its predefined variables (Build.*, System.*, Agent.*,
/// which the agent exports as BUILD_*, SYSTEM_*, AGENT_*).
/// </summary>
public static class AzurePipelinesContext
{
    public static bool Detect(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue("TF_BUILD", out var value) && value.Equals("true", StringComparison.OrdinalIgnoreCase);

    public static (CiRun Run, CiCommit Commit) Parse(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var env = new EnvironmentReader(environment);
        var collection = env.Optional("SYSTEM_COLLECTIONURI") is not null
            ? env.RequiredUrl("SYSTEM_COLLECTIONURI")
            : env.RequiredUrl("SYSTEM_TEAMFOUNDATIONCOLLECTIONURI");
        var project = env.Required("SYSTEM_TEAMPROJECT");
        var buildId = env.Digits("BUILD_BUILDID");
        // Each job of a run has its own attempt counter; a retried job is a new attempt of the same run.
        var attempt = env.PositiveInt("SYSTEM_JOBATTEMPT");
        var repositoryUrl = env.RequiredUrl("BUILD_REPOSITORY_URI");
        var sha = env.Sha("BUILD_SOURCEVERSION");
        var run = new CiRun
        {
            System = CiRun.AzurePipelines,
            ServerUrl = collection,
            Project = project,
            RunId = buildId,
            Attempt = attempt,
            RunNumber = env.Optional("BUILD_BUILDNUMBER"),
            Url = PipelineRuns.AzureRunUrl(collection, project, buildId),
            RepositoryUrl = repositoryUrl,
            RepositoryId = env.Optional("BUILD_REPOSITORY_ID"),
            RepositoryProvider = env.Optional("BUILD_REPOSITORY_PROVIDER"),
            WorkflowName = env.Optional("BUILD_DEFINITIONNAME"),
            Job = env.Optional("SYSTEM_JOBDISPLAYNAME") ?? env.Optional("SYSTEM_JOBNAME"),
            Event = env.Optional("BUILD_REASON"),
            Actor = env.Optional("BUILD_REQUESTEDFOR"),
            TriggeringActor = env.Optional("BUILD_QUEUEDBY"),
            GitRef = env.Optional("BUILD_SOURCEBRANCH"),
            Runner = new CiRunner
            {
                Name = env.Optional("AGENT_NAME"),
                Os = env.Optional("AGENT_OS"),
                Arch = env.Optional("AGENT_OSARCHITECTURE"),
                ImageOs = env.Optional("ImageOS"),
                ImageVersion = env.Optional("ImageVersion"),
            },
        };

        // Build.SourceVersionMessage is the message of Build.SourceVersion (first line); the author is not exported.
        var commit = new CiCommit { Sha = sha, Message = env.Optional("BUILD_SOURCEVERSIONMESSAGE") };
        return (run, commit);
    }
}
