using System.Net;
using Tether.Core.Errors;
using Tether.Pipeline.CiReport;
using Tether.Pipeline.CiReport.Payload;
using Tether.Pipeline.CiReport.Submit;
using Tether.Pipeline.Tests.Fakes;
using Xunit;

namespace Tether.Pipeline.Tests.CiReport;

public sealed class CiReportSubmitTests
{
    private static byte[] Payload() => CiReportJson.Serialize(CiReportBuilder.Build(CiReportPayloadTests.GitHubInputs(), CiReportPayloadTests.Now));

    [Fact]
    public async Task The_payload_is_POSTed_as_is_with_the_bearer_token()
    {
        await using var server = await FakeSaasServer.StartAsync();
        using var http = new HttpClient();
        var payload = Payload();

        var answer = await new CiReportClient(http).SubmitAsync(server.Address, "tth_scoped_token", payload, CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/ci-reports", request.PathAndQuery);
        Assert.Equal("Bearer tth_scoped_token", request.Authorization);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal(payload, request.Body);
        Assert.Equal("{\"stored\":{\"nodes\":7}}", answer);
    }

    [Fact]
    public async Task A_server_under_a_path_keeps_its_path()
    {
        Assert.Equal(new Uri("https://tether.example.com/team-a/api/v1/ci-reports"), CiReportClient.EndpointFor(new Uri("https://tether.example.com/team-a")));
        Assert.Equal(new Uri("https://tether.example.com/api/v1/ci-reports"), CiReportClient.EndpointFor(new Uri("https://tether.example.com/")));
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task A_refusal_is_an_HTTP_error_with_its_status_that_never_shows_the_token(HttpStatusCode status)
    {
        await using var server = await FakeSaasServer.StartAsync();
        server.ReportStatus = status;
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => new CiReportClient(http).SubmitAsync(server.Address, "secret-token-value", Payload(), CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("rejected", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OIDC_token_is_requested_for_the_tether_audience_with_the_runner_token()
    {
        await using var server = await FakeSaasServer.StartAsync();
        using var http = new HttpClient();
        var environment = new Dictionary<string, string>
        {
            [GitHubOidcTokenClient.RequestUrlVariable] = server.OidcRequestUrl.ToString(),
            [GitHubOidcTokenClient.RequestTokenVariable] = FakeSaasServer.OidcRequestToken,
        };

        var token = await new GitHubOidcTokenClient(http).GetTokenAsync(environment, "tether", CancellationToken.None);

        Assert.Equal(FakeSaasServer.IdToken, token);
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal(FakeSaasServer.OidcPath + "?api-version=2.0&audience=tether", request.PathAndQuery);
        Assert.Equal("bearer " + FakeSaasServer.OidcRequestToken, request.Authorization);
    }

    [Fact]
    public async Task Without_id_token_permission_OIDC_is_a_usage_error_and_a_refused_request_a_remote_error()
    {
        using var http = new HttpClient();
        var missing = await Assert.ThrowsAsync<InputException>(() => new GitHubOidcTokenClient(http).GetTokenAsync(new Dictionary<string, string>(), "tether", CancellationToken.None));
        Assert.Contains("id-token: write", missing.Message, StringComparison.Ordinal);

        await using var server = await FakeSaasServer.StartAsync();
        server.OidcStatus = HttpStatusCode.Forbidden;
        var environment = new Dictionary<string, string>
        {
            [GitHubOidcTokenClient.RequestUrlVariable] = server.OidcRequestUrl.ToString(),
            [GitHubOidcTokenClient.RequestTokenVariable] = FakeSaasServer.OidcRequestToken,
        };
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => new GitHubOidcTokenClient(http).GetTokenAsync(environment, "tether", CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(FakeSaasServer.OidcRequestToken, refused.Message, StringComparison.Ordinal);
    }
}
