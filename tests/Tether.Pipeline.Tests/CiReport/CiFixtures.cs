using Tether.Pipeline.CiReport;
using Tether.Pipeline.CiReport.Parse;
using Tether.Testing;

namespace Tether.Pipeline.Tests.CiReport;

/// <summary>The real GitHub Actions push run recorded by docker/buildx, and a documented Azure Pipelines variable set.</summary>
internal static class CiFixtures
{
    public static IReadOnlyDictionary<string, string> GitHubEnvironment() =>
        EnvironmentDump.Parse(File.ReadAllBytes(TestData.Shared("ci", "ghactx_push.env")), "ghactx_push.env");

    /// <summary>GITHUB_EVENT_PATH in the dump points at ./fixtures/ghactx_push_event.json: that file is ci/ghactx_push_event.json here.</summary>
    public static InputFile GitHubEvent() =>
        new("./fixtures/ghactx_push_event.json", File.ReadAllBytes(TestData.Shared("ci", "ghactx_push_event.json")));

    public const string Digest = "sha256:4f6e8bd8a9c2c9ff1a5c6d2b0e3a8f7c1d9e5b3a2c4f6e8d0b1a3c5e7f9d2b4a";

    /// <summary>Azure Pipelines predefined variables as the agent exports them (names and value shapes from the variables reference).</summary>
    public static Dictionary<string, string> AzureEnvironment() => new()
    {
        ["TF_BUILD"] = "True",
        ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/fabrikam/",
        ["SYSTEM_TEAMFOUNDATIONCOLLECTIONURI"] = "https://dev.azure.com/fabrikam/",
        ["SYSTEM_TEAMPROJECT"] = "Fabrikam Fiber",
        ["SYSTEM_JOBATTEMPT"] = "2",
        ["SYSTEM_JOBDISPLAYNAME"] = "Build image",
        ["BUILD_REPOSITORY_URI"] = "https://fabrikam@dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/web",
        ["BUILD_REPOSITORY_NAME"] = "web",
        ["BUILD_REPOSITORY_PROVIDER"] = "TfsGit",
        ["BUILD_REPOSITORY_ID"] = "2f3c0fd4-5c8b-4a2e-9f8e-0c6b2d1a7e55",
        ["BUILD_SOURCEVERSION"] = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678",
        ["BUILD_SOURCEBRANCH"] = "refs/heads/main",
        ["BUILD_SOURCEVERSIONMESSAGE"] = "Bump base image to debian:12.5",
        ["BUILD_BUILDID"] = "4711",
        ["BUILD_BUILDNUMBER"] = "20250115.3",
        ["BUILD_DEFINITIONNAME"] = "web-ci",
        ["BUILD_REASON"] = "IndividualCI",
        ["BUILD_REQUESTEDFOR"] = "Jamal Hartnett",
        ["BUILD_QUEUEDBY"] = "Microsoft.VisualStudio.Services.TFS",
        ["BUILD_SOURCESDIRECTORY"] = "/home/vsts/work/1/s",
        ["AGENT_NAME"] = "Hosted Agent",
        ["AGENT_OS"] = "Linux",
        ["AGENT_OSARCHITECTURE"] = "X64",
    };
}
