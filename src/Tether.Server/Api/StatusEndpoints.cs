using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Core.Advisories;
using Tether.Core.Graph;

namespace Tether.Server.Api;

/// <summary><c>GET /status</c>: what the store holds (as <c>tether status</c> and <c>tether db status</c>).</summary>
public static class StatusEndpoints
{
    public static RouteGroupBuilder MapStatus(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/status", async (IGraphStore graph, IAdvisoryStore advisories, CancellationToken ct) =>
        {
            var counts = await graph.CountAsync(ct).ConfigureAwait(false);
            var status = await advisories.GetStatusAsync(ct).ConfigureAwait(false);
            return Results.Ok(new { nodes = counts.NodesByKind, edges = counts.Edges, advisories = status });
        }).WithName("Status").WithTags("status");
        return api;
    }
}
