using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Core.Graph;
using Tether.Core.Identity;

namespace Tether.Server.Api;

/// <summary>The runtime and registry inventory: clusters, namespaces, workloads, pods, images, repositories.</summary>
public static class InventoryEndpoints
{
    public static RouteGroupBuilder MapInventory(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        MapList(api, "/clusters", NodeKinds.Cluster, byCluster: false);
        MapList(api, "/namespaces", NodeKinds.Namespace, byCluster: true);
        MapList(api, "/workloads", NodeKinds.Workload, byCluster: true);
        MapList(api, "/pods", NodeKinds.Pod, byCluster: true);
        MapList(api, "/images", NodeKinds.Image, byCluster: false);
        MapList(api, "/repositories", NodeKinds.SourceRepository, byCluster: false);
        api.MapGet("/images/{digest}", async (string digest, IGraphStore graph, CancellationToken ct) =>
        {
            if (!Digest.TryParse(digest, out var parsed))
            {
                return ApiErrors.BadRequest("digest", $"'{digest}' is not a digest (sha256: and 64 hex digits).");
            }

            var node = await graph.FindNodeAsync(new NodeRef(NodeKinds.Image, parsed), ct).ConfigureAwait(false);
            return node is null ? ApiErrors.NotFound($"no image {parsed} in the store.") : Results.Ok(NodeView.Of(node));
        }).WithName("GetImage").WithTags("inventory");
        return api;
    }

    private static void MapList(RouteGroupBuilder api, string path, string kind, bool byCluster)
    {
        var route = api.MapGet(path, (IGraphStore graph, int? limit, string? cursor, string? q, string? cluster, bool? ended, CancellationToken ct) =>
            NodeLister.ListAsync(graph, kind, limit, cursor, q, byCluster ? cluster : null, ended ?? false, ct));
        route.WithName("List" + char.ToUpperInvariant(path[1]) + path[2..]).WithTags("inventory")
            .WithSummary($"Stored {kind} nodes in key order; limit (≤{Paging.MaxLimit}), cursor, q (key contains){(byCluster ? ", cluster" : "")}, ended=true to include ended ones.");
    }
}
