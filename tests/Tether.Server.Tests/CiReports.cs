using Tether.Pipeline.CiReport.Payload;

namespace Tether.Server.Tests;

/// <summary>CI report payloads as <c>tether ci report</c> makes them, for a GitHub Actions run of a repository.</summary>
public static class CiReports
{
    public const string Digest = "sha256:5f0c2b1e9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b";

    public static byte[] For(string repository, string runId = "9100200300") => CiReportJson.Serialize(new CiReportPayload
    {
        GeneratedAt = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero),
        Generator = "tether 0.1.0",
        Run = new CiRun
        {
            System = CiRun.GitHubActions,
            ServerUrl = "https://github.com",
            Project = repository,
            RunId = runId,
            Attempt = 1,
            RunNumber = "7",
            Url = $"https://github.com/{repository}/actions/runs/{runId}",
            RepositoryUrl = $"https://github.com/{repository}",
            WorkflowPath = ".github/workflows/build.yml",
            Event = "push",
            GitRef = "refs/heads/main",
        },
        Commit = new CiCommit { Sha = "0123456789abcdef0123456789abcdef01234567" },
        Images = [new CiImage { Digest = Digest, Names = [$"ghcr.io/{repository}:1.0.0"] }],
    });
}
