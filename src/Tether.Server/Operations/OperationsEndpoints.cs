using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Core.Graph;
using Tether.Server.Access;
using Tether.Server.Operations.Metrics;

namespace Tether.Server.Operations;

/// <summary><c>/healthz</c> (the process answers), <c>/readyz</c> (the store answers), <c>/metrics</c> (Prometheus), and the request counter.</summary>
public static class OperationsEndpoints
{
    private static readonly TimeSpan CountsMaxAge = TimeSpan.FromSeconds(15);

    public static void UseRequestMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var metrics = app.Services.GetService(typeof(ServerMetrics)) as ServerMetrics ?? throw new InvalidOperationException("ServerMetrics not registered");
        app.Use(async (context, next) =>
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                // The route template, never the raw path: a label per pod name would grow without bound.
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                metrics.RecordRequest(route, context.Request.Method, context.Response.StatusCode, Stopwatch.GetElapsedTime(start));
            }
        });
    }

    public static void MapOperations(this WebApplication app, AccessOptions access)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(access);
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/readyz", async (IGraphStore graph, CancellationToken ct) =>
        {
            try
            {
                await graph.FindNodeAsync(new NodeRef(NodeKinds.Cluster, "readyz"), ct).ConfigureAwait(false);
                return Results.Text("ready");
            }
            catch (Exception e) when (e is StoreException or System.Data.Common.DbException or InvalidOperationException)
            {
                return Results.Text("store unreachable", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).AllowAnonymous().ExcludeFromDescription();
        var metrics = app.MapGet("/metrics", async (ServerMetrics metrics, IGraphStore graph, CancellationToken ct) =>
            Results.Text(PrometheusWriter.Write(metrics, await CountsAsync(metrics, graph, ct).ConfigureAwait(false)), PrometheusWriter.ContentType))
            .ExcludeFromDescription();
        if (access.ProtectMetrics)
        {
            metrics.RequireAuthorization(Policies.View);
        }
        else
        {
            metrics.AllowAnonymous();
        }
    }

    /// <summary>Store counts for scrapes, at most every 15 s: a count over millions of rows is not free.</summary>
    private static async Task<GraphCounts?> CountsAsync(ServerMetrics metrics, IGraphStore graph, CancellationToken ct)
    {
        if (metrics.StoreCounts is { } cached && Stopwatch.GetElapsedTime(cached.At) < CountsMaxAge)
        {
            return cached.Counts;
        }

        try
        {
            var counts = await graph.CountAsync(ct).ConfigureAwait(false);
            metrics.StoreCounts = (Stopwatch.GetTimestamp(), counts);
            return counts;
        }
        catch (Exception e) when (e is StoreException or System.Data.Common.DbException)
        {
            return null;
        }
    }
}
