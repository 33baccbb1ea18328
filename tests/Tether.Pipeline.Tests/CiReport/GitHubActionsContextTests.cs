using System.Text.Json;
using Tether.Core.Errors;
using Tether.Pipeline.CiReport.Parse;
using Tether.Testing;
using Xunit;

namespace Tether.Pipeline.Tests.CiReport;

public sealed class GitHubActionsContextTests
{
    private static readonly JsonElement Expected =
        JsonDocument.Parse(File.ReadAllBytes(TestData.Shared("ci", "ghactx_push_expected.json"))).RootElement;

    private static string ExpectedValue(string name) => Expected.GetProperty(name).GetString()!;

    [Fact]
    public void The_real_push_run_gives_the_values_buildx_extracted_from_it()
    {
        var env = CiFixtures.GitHubEnvironment();
        Assert.True(GitHubActionsContext.Detect(env));

        var (run, commit) = GitHubActionsContext.Parse(env, CiFixtures.GitHubEvent().Content);

        Assert.Equal(ExpectedValue("github_server_url"), run.ServerUrl);
        Assert.Equal(ExpectedValue("github_repository"), run.Project);
        Assert.Equal(ExpectedValue("github_repository_id"), run.RepositoryId);
        Assert.Equal(ExpectedValue("github_run_id"), run.RunId);
        Assert.Equal(int.Parse(ExpectedValue("github_run_attempt"), System.Globalization.CultureInfo.InvariantCulture), run.Attempt);
        Assert.Equal(ExpectedValue("github_run_number"), run.RunNumber);
        Assert.Equal(ExpectedValue("github_workflow"), run.WorkflowName);
        Assert.Equal(ExpectedValue("github_workflow_ref"), run.WorkflowRef);
        Assert.Equal(ExpectedValue("github_workflow_sha"), run.WorkflowSha);
        Assert.Equal(ExpectedValue("github_event_name"), run.Event);
        Assert.Equal(ExpectedValue("github_actor"), run.Actor);
        Assert.Equal(ExpectedValue("github_triggering_actor"), run.TriggeringActor);
        Assert.Equal(ExpectedValue("github_job"), run.Job);
        Assert.Equal(ExpectedValue("github_ref"), run.GitRef);
        Assert.Equal(ExpectedValue("github_runner_name"), run.Runner!.Name);
        Assert.Equal(ExpectedValue("github_runner_os"), run.Runner.Os);
        Assert.Equal(ExpectedValue("github_runner_arch"), run.Runner.Arch);
        Assert.Equal(ExpectedValue("github_runner_environment"), run.Runner.Environment);
        Assert.Equal(ExpectedValue("github_runner_image_os"), run.Runner.ImageOs);
        Assert.Equal(ExpectedValue("github_runner_image_version"), run.Runner.ImageVersion);
        Assert.Equal(Expected.GetProperty("github_event_payload").GetProperty("after").GetString(), commit.Sha);

        Assert.Equal(".github/workflows/ghutil.yml", run.WorkflowPath);
        Assert.Equal("https://github.com/docker/test-docker-action/actions/runs/18774637729/attempts/1", run.Url);
        Assert.Equal("https://github.com/docker/test-docker-action", run.RepositoryUrl);
    }

    [Fact]
    public void The_head_commit_of_the_event_describes_the_built_commit()
    {
        var (_, commit) = GitHubActionsContext.Parse(CiFixtures.GitHubEnvironment(), CiFixtures.GitHubEvent().Content);
        var head = Expected.GetProperty("github_event_payload").GetProperty("head_commit");

        Assert.Equal(head.GetProperty("author").GetProperty("name").GetString(), commit.AuthorName);
        Assert.Equal("1951866+crazy-max@users.noreply.github.com", commit.AuthorEmail);
        Assert.Equal("Merge pull request #55 from crazy-max/ghutil\n\nghutil", commit.Message);
        Assert.Equal(new DateTimeOffset(2025, 10, 24, 10, 46, 33, TimeSpan.FromHours(2)), commit.Timestamp);
    }

    [Fact]
    public void An_event_whose_head_commit_is_another_commit_adds_nothing()
    {
        var env = new Dictionary<string, string>(CiFixtures.GitHubEnvironment()) { ["GITHUB_SHA"] = new string('b', 40) };
        var (_, commit) = GitHubActionsContext.Parse(env, CiFixtures.GitHubEvent().Content);

        Assert.Equal(new string('b', 40), commit.Sha);
        Assert.Null(commit.AuthorName);
        Assert.Null(commit.Message);
        Assert.Null(commit.Timestamp);
    }

    [Theory]
    [InlineData("GITHUB_SHA", "42f5753", "GITHUB_SHA")]
    [InlineData("GITHUB_RUN_ID", "abc", "GITHUB_RUN_ID")]
    [InlineData("GITHUB_RUN_ATTEMPT", "0", "GITHUB_RUN_ATTEMPT")]
    [InlineData("GITHUB_REPOSITORY", "just-a-name", "GITHUB_REPOSITORY")]
    [InlineData("GITHUB_SERVER_URL", "not a url", "GITHUB_SERVER_URL")]
    public void A_malformed_variable_is_named_in_the_error(string name, string value, string field)
    {
        var env = new Dictionary<string, string>(CiFixtures.GitHubEnvironment()) { [name] = value };
        var error = Assert.Throws<InputException>(() => GitHubActionsContext.Parse(env));
        Assert.Equal("environment", error.Source);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void A_truncated_event_payload_fails_naming_the_event_file()
    {
        var truncated = CiFixtures.GitHubEvent().Content[..500];
        var error = Assert.Throws<InputException>(() => GitHubActionsContext.Parse(CiFixtures.GitHubEnvironment(), truncated, "event.json"));
        Assert.Equal("event.json", error.Source);
    }

    [Fact]
    public void The_environment_dump_reads_every_line_and_rejects_lines_without_equals()
    {
        var env = CiFixtures.GitHubEnvironment();
        Assert.Equal("./fixtures/ghactx_push_event.json", env["GITHUB_EVENT_PATH"]);
        Assert.Equal("", env["GITHUB_BASE_REF"]);
        Assert.Equal("c29tZSAyMDAwMDAgMjAwMDAwMAA=", env["MEMORY_PRESSURE_WRITE"]);

        var error = Assert.Throws<InputException>(() => EnvironmentDump.Parse("A=1\nnot a variable\n"u8, "env"));
        Assert.Equal("line 2", error.Field);
    }
}
