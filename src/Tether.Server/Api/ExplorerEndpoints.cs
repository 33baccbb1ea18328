using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Core.Explore;
using Tether.Core.Explore.Syntax;
using Tether.Core.Graph;

namespace Tether.Server.Api;

/// <summary>
/// The security explorer (<c>tether query</c>): <c>POST /query</c> with <c>{"query": "TEXT"}</c> or the JSON form
/// (<c>{"entity": …}</c>), the built-in templates and running one by name. A malformed query is a 400 naming its
/// line/column (or JSON path); a query past its time budget a 422.
/// </summary>
public static class ExplorerEndpoints
{
    /// <summary>The most a request body may hold: a query is a few lines.</summary>
    private const int MaxBody = 64 * 1024;

    public static RouteGroupBuilder MapExplorer(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/query", async (HttpRequest request, int? limit, IGraphStore graph, GraphTopologyCache topology, ServerSettings settings, CancellationToken ct) =>
        {
            var body = await ReadBodyAsync(request, ct).ConfigureAwait(false);
            var limits = Limits(limit, settings);
            var text = QueryText(body);
            return await RunAsync(new Explorer(graph, settings.Risk, topology), limits, ct, text is null ? e => e.RunJsonAsync(body, limits, ct) : e => e.RunTextAsync(text, limits, ct)).ConfigureAwait(false);
        }).WithName("Query").WithTags("explorer").Produces<QueryResult>()
            .WithSummary("Run a query: {\"query\": \"images where …\"} (text form) or the JSON form {\"entity\": …}; limit caps the rows.");

        api.MapGet("/query/templates", () => Results.Ok(new { items = QueryTemplates.All }))
            .WithName("QueryTemplates").WithTags("explorer");

        api.MapGet("/query/templates/{name}/run", async (string name, int? limit, IGraphStore graph, GraphTopologyCache topology, ServerSettings settings, CancellationToken ct) =>
        {
            if (QueryTemplates.Find(name) is not { } template)
            {
                return ApiErrors.NotFound($"no template '{name}'; known: {string.Join(", ", QueryTemplates.All.Select(t => t.Name))}");
            }

            var limits = Limits(limit, settings);
            return await RunAsync(new Explorer(graph, settings.Risk, topology), limits, ct, e => e.RunTextAsync(template.Query, limits, ct)).ConfigureAwait(false);
        }).WithName("RunQueryTemplate").WithTags("explorer").Produces<QueryResult>();
        return api;
    }

    /// <summary>
    /// The rows asked for (capped like every list) and a time budget inside the request's own timeout, so the explorer
    /// answers "too expensive" before the server cuts the request.
    /// </summary>
    private static QueryLimits Limits(int? limit, ServerSettings settings)
    {
        var budget = settings.RequestTimeout > TimeSpan.FromSeconds(2) ? settings.RequestTimeout - TimeSpan.FromSeconds(1) : settings.RequestTimeout;
        return QueryLimits.Default with
        {
            MaxRows = Paging.Limit(limit),
            Timeout = budget < QueryLimits.Default.Timeout ? budget : QueryLimits.Default.Timeout,
        };
    }

    private static async Task<IResult> RunAsync(Explorer explorer, QueryLimits limits, CancellationToken ct, Func<Explorer, Task<QueryResult>> run)
    {
        try
        {
            return Results.Ok(await run(explorer).ConfigureAwait(false));
        }
        catch (QueryException e)
        {
            return Malformed(e);
        }
        catch (QueryTimeoutException e) when (!ct.IsCancellationRequested)
        {
            return Results.Problem(
                detail: $"{e.Message} (budget {limits.Timeout.TotalSeconds:0.#} s): narrow the query, e.g. filter the top entity before its relations.",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Query too expensive");
        }
    }

    private static IResult Malformed(QueryException e) =>
        Results.Problem(detail: e.Detail.Length > 0 ? e.Detail : e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Malformed query",
            extensions: new Dictionary<string, object?>
            {
                ["field"] = "query",
                ["line"] = e.Line,
                ["column"] = e.Column,
                ["excerpt"] = e.Excerpt,
                ["path"] = e.Path,
                ["message"] = e.Message,
            });

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBody)
        {
            throw new BadRequestException("body", $"the query body is larger than {MaxBody} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBody)
            {
                throw new BadRequestException("body", $"the query body is larger than {MaxBody} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The text of <c>{"query": "TEXT"}</c>, or null when the body is the JSON form (anything else).</summary>
    private static string? QueryText(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("query", out var query))
            {
                return query.ValueKind == JsonValueKind.String
                    ? query.GetString()!
                    : throw new BadRequestException("query", "query must be a string (the text form), or send the JSON form {\"entity\": …}.");
            }

            return null;
        }
        catch (JsonException e)
        {
            throw new BadRequestException("body", "the body is not JSON: " + e.Message);
        }
    }
}
