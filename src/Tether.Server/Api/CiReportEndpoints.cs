using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Tether.Core.Graph;
using Tether.Core.Identity;
using Tether.Pipeline.CiReport;
using Tether.Pipeline.CiReport.Payload;
using Tether.Server.Access;

namespace Tether.Server.Api;

/// <summary>
/// <c>POST /ci/reports</c>: what <c>tether ingest ci-report</c> does, for a CI step (<c>tether ci report --server</c>):
/// the same validation and normalization (<see cref="CiReportIngest"/>), one batch, all or nothing. A payload over
/// <see cref="CiReportJson.MaxBytes"/> is refused (413) before it is read whole; a bad one is 400 naming the field.
/// With a GitHub OIDC token, the report must be about the token's own repository (403 otherwise).
/// </summary>
public static class CiReportEndpoints
{
    /// <summary>The path <c>tether ci report --server</c> posts to (<c>CiReportClient.EndpointPath</c>), kept as an alias.</summary>
    public const string ClientPath = "/ci-reports";

    public static RouteGroupBuilder MapCiReports(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        foreach (var (path, name) in new[] { ("/ci/reports", "PostCiReport"), (ClientPath, "PostCiReportAlias") })
        {
            api.MapPost(path, PostAsync).WithName(name).WithTags("ci")
                .WithMetadata(new RequestSizeLimitMetadata(CiReportJson.MaxBytes)).Accepts<CiReportPayload>("application/json");
        }

        return api;
    }

    private static async Task<IResult> PostAsync(HttpContext http, IGraphStore graph, TimeProvider time, CancellationToken ct)
    {
        var body = await ReadBoundedAsync(http.Request, ct).ConfigureAwait(false);
        if (body is null)
        {
            return Results.Problem(detail: $"a CI report is at most {CiReportJson.MaxBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var batch = new GraphBatch(CiReportIngest.Collector, time.GetUtcNow());
        var payload = CiReportIngest.AddTo(body, "request body", batch);
        if (http.User.FindFirstValue(AccessClaims.Repository) is { } repository && !IsAbout(payload, repository))
        {
            return Results.Problem(
                detail: $"the token was issued to {repository}; the report is about {payload.Run.Project} ({payload.Run.RepositoryUrl}).",
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", extensions: new Dictionary<string, object?> { ["field"] = "run.repositoryUrl" });
        }

        var summary = await graph.IngestAsync(batch, ct).ConfigureAwait(false);
        return Results.Ok(new
        {
            reports = new[] { new { file = "request body", run = payload.Run.Url, commit = payload.Commit.Sha, images = payload.Images.Count } },
            stored = summary,
        });
    }

    /// <summary>A GitHub Actions report of that very repository: system, project and repository URL must all agree.</summary>
    private static bool IsAbout(CiReportPayload payload, string repository) =>
        payload.Run.System == CiRun.GitHubActions
        && string.Equals(payload.Run.Project, repository, StringComparison.OrdinalIgnoreCase)
        && string.Equals(RepositoryUrl.TryNormalize(payload.Run.RepositoryUrl), "github.com/" + repository, StringComparison.OrdinalIgnoreCase);

    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > CiReportJson.MaxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > CiReportJson.MaxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    /// <summary>Raises Kestrel's body limit for this endpoint to the payload's own limit (the default is 30 MB; ours is lower).</summary>
    private sealed class RequestSizeLimitMetadata(long max) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = max;
    }
}
