using Tether.Core.Errors;
using Tether.Pipeline.CiReport;
using Tether.Pipeline.CiReport.Collect;
using Tether.Testing;
using Xunit;

namespace Tether.Pipeline.Tests.CiReport;

public sealed class CiReportCollectorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task The_event_path_is_read_relative_to_the_working_directory_and_paths_become_repository_relative()
    {
        // The dump's GITHUB_EVENT_PATH is ./fixtures/ghactx_push_event.json: lay the real event file out there.
        Directory.CreateDirectory(_dir.File("fixtures"));
        File.Copy(TestData.Shared("ci", "ghactx_push_event.json"), _dir.File("fixtures/ghactx_push_event.json"));
        Directory.CreateDirectory(_dir.File("docker"));
        await File.WriteAllTextAsync(_dir.File("docker/Dockerfile"), "FROM alpine:3.20\n");
        var environment = new Dictionary<string, string>(CiFixtures.GitHubEnvironment()) { ["GITHUB_WORKSPACE"] = _dir.Path };

        var collection = await CiReportCollector.CollectAsync(
            new CiReportRequest { Dockerfile = _dir.File("docker/Dockerfile"), Context = "docker" },
            environment, _dir.Path, CancellationToken.None);

        Assert.Empty(collection.Warnings);
        Assert.Equal("docker/Dockerfile", collection.Inputs.Dockerfile!.Path);
        Assert.Equal("docker", collection.Inputs.Context);
        var payload = CiReportBuilder.Build(collection.Inputs, CiReportPayloadTests.Now);
        Assert.Equal("CrazyMax", payload.Commit.AuthorName);
        Assert.Equal("alpine:3.20", payload.Dockerfile!.BaseImage);
    }

    [Fact]
    public async Task A_missing_event_file_is_a_warning_and_a_missing_dockerfile_an_error()
    {
        var collection = await CiReportCollector.CollectAsync(new CiReportRequest(), CiFixtures.GitHubEnvironment(), _dir.Path, CancellationToken.None);
        Assert.Contains("./fixtures/ghactx_push_event.json", Assert.Single(collection.Warnings), StringComparison.Ordinal);
        Assert.Null(collection.Inputs.GitHubEvent);

        var error = await Assert.ThrowsAsync<InputException>(() =>
            CiReportCollector.CollectAsync(new CiReportRequest { Dockerfile = "nope/Dockerfile" }, CiFixtures.GitHubEnvironment(), _dir.Path, CancellationToken.None));
        Assert.Equal("nope/Dockerfile", error.Source);
    }

    public void Dispose() => _dir.Dispose();
}
