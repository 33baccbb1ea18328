using Tether.Core.Errors;
using Tether.Pipeline.CiReport.Parse;
using Tether.Pipeline.CiReport.Payload;
using Xunit;

namespace Tether.Pipeline.Tests.CiReport;

public sealed class AzurePipelinesContextTests
{
    [Fact]
    public void Predefined_variables_give_the_run_commit_and_results_url()
    {
        var env = CiFixtures.AzureEnvironment();
        Assert.True(AzurePipelinesContext.Detect(env));
        Assert.False(GitHubActionsContext.Detect(env));

        var (run, commit) = AzurePipelinesContext.Parse(env);

        Assert.Equal(CiRun.AzurePipelines, run.System);
        Assert.Equal("https://dev.azure.com/fabrikam/", run.ServerUrl);
        Assert.Equal("Fabrikam Fiber", run.Project);
        Assert.Equal("4711", run.RunId);
        Assert.Equal(2, run.Attempt);
        Assert.Equal("20250115.3", run.RunNumber);
        Assert.Equal("https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_build/results?buildId=4711", run.Url);
        Assert.Equal("web-ci", run.WorkflowName);
        Assert.Equal("IndividualCI", run.Event);
        Assert.Equal("Jamal Hartnett", run.Actor);
        Assert.Equal("refs/heads/main", run.GitRef);
        Assert.Equal("TfsGit", run.RepositoryProvider);
        Assert.Equal("Build image", run.Job);
        Assert.Equal("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", commit.Sha);
        Assert.Equal("Bump base image to debian:12.5", commit.Message);
        Assert.Null(commit.AuthorName);
    }

    [Fact]
    public void Visualstudio_com_collections_and_missing_attempts_are_handled_explicitly()
    {
        var env = CiFixtures.AzureEnvironment();
        env["SYSTEM_COLLECTIONURI"] = "https://fabrikam.visualstudio.com/";
        var (run, _) = AzurePipelinesContext.Parse(env);
        Assert.Equal("https://fabrikam.visualstudio.com/Fabrikam%20Fiber/_build/results?buildId=4711", run.Url);

        env.Remove("SYSTEM_JOBATTEMPT");
        var error = Assert.Throws<InputException>(() => AzurePipelinesContext.Parse(env));
        Assert.Equal("SYSTEM_JOBATTEMPT", error.Field);
    }
}
