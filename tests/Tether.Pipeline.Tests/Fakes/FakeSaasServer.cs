using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tether.Testing;

namespace Tether.Pipeline.Tests.Fakes;

/// <summary>
/// Kestrel on 127.0.0.1 standing in for two remote services: the (future) Tether server's
/// <c>POST /api/v1/ci-reports</c>, and GitHub Actions' OIDC token endpoint (the runner's
/// ACTIONS_ID_TOKEN_REQUEST_URL, answering <c>{"value": "&lt;jwt&gt;"}</c> as GitHub does). Records every request.
/// </summary>
public sealed class FakeSaasServer : IAsyncDisposable
{
    /// <summary>Path and query shaped like the runner's real request URL.</summary>
    public const string OidcPath = "/00000000-0000-0000-0000-000000000000/_apis/distributedtask/hubs/Actions/plans/1d6c6a2f/jobs/4b3f8e7d/idtoken";
    public const string OidcRequestToken = "runner-request-token";
    /// <summary>A JWT-shaped token (header.claims.signature; claims {"aud":"tether","repository":"docker/test-docker-action"}).</summary>
    public const string IdToken = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJ0ZXRoZXIiLCJyZXBvc2l0b3J5IjoiZG9ja2VyL3Rlc3QtZG9ja2VyLWFjdGlvbiJ9.c2lnbmF0dXJl";

    private readonly WebApplication _app;

    private FakeSaasServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public Uri OidcRequestUrl => new(Address, OidcPath + "?api-version=2.0");

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Status the report endpoint answers with (202 by default).</summary>
    public HttpStatusCode ReportStatus { get; set; } = HttpStatusCode.Accepted;

    public HttpStatusCode OidcStatus { get; set; } = HttpStatusCode.OK;

    public static async Task<FakeSaasServer> StartAsync()
    {
        var app = LoopbackServer.Create();
        FakeSaasServer? server = null;
        app.MapPost("/api/v1/ci-reports", async context =>
        {
            server!.Requests.Enqueue(await RecordedRequest.ReadAsync(context.Request));
            context.Response.StatusCode = (int)server.ReportStatus;
            await context.Response.WriteAsync(server.ReportStatus == HttpStatusCode.Accepted
                ? "{\"stored\":{\"nodes\":7}}"
                : "{\"title\":\"rejected\",\"status\":" + (int)server.ReportStatus + "}");
        });
        app.MapGet(OidcPath, async context =>
        {
            server!.Requests.Enqueue(await RecordedRequest.ReadAsync(context.Request));
            if (context.Request.Headers.Authorization != "bearer " + OidcRequestToken)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            context.Response.StatusCode = (int)server.OidcStatus;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(server.OidcStatus == HttpStatusCode.OK ? $"{{\"count\":1732,\"value\":\"{IdToken}\"}}" : "{\"message\":\"no\"}");
        });
        server = new FakeSaasServer(app, await LoopbackServer.StartAsync(app));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Method, string PathAndQuery, string? Authorization, string? ContentType, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public static async Task<RecordedRequest> ReadAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        return new RecordedRequest(request.Method, request.Path + request.QueryString, request.Headers.Authorization.ToString(), request.ContentType, body.ToArray());
    }
}
