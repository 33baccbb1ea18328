using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Risk;
using Tether.Core.Trace;

namespace Tether.Core.Recommend;

/// <summary>
/// Recommendations for what runs: every image a current container in the collected clusters (or one cluster) runs,
/// traced at once by the <see cref="TraceEngine"/> (its chains read set-wise, never per pod), then grouped into fix
/// actions by <see cref="RecommendationGrouper"/>. The one entry point for the CLI and the REST API.
/// </summary>
public sealed class Recommender(IGraphStore store, IVersionOrder versions, IAdvisoryStore? advisories = null, RiskSettings? settings = null)
{
    private const int Page = 5_000;

    public async Task<RecommendationReport> RecommendAsync(RecommendationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var graph = new GraphReader(store, cancellationToken);
        var images = await RunningImagesAsync(graph, query.Cluster, cancellationToken).ConfigureAwait(false);
        await PrefetchFindingsAsync(graph, images).ConfigureAwait(false);
        var target = new TraceTarget("running-images", query.Cluster is null ? "all clusters" : $"cluster {query.Cluster}", $"{images.Count} images");
        var report = await new TraceEngine(store, advisories, settings)
            .TraceResolvedAsync(graph, new TargetResolver.Resolved(target, [], images), cancellationToken).ConfigureAwait(false);
        var repository = query.Repository is { } r ? Identity.RepositoryUrl.TryNormalize(r) ?? r : null;
        return RecommendationGrouper.Group(report.Findings, versions, query with { Repository = repository }, report.Images.Count(i => i.BlastRadius.Pods > 0));
    }

    /// <summary>The images current containers run, read a page of containers at a time (keys start with the cluster).</summary>
    private static async Task<List<StoredNode>> RunningImagesAsync(GraphReader graph, string? cluster, CancellationToken cancellationToken)
    {
        var prefix = cluster is null ? null : cluster + "/";
        var images = new Dictionary<long, StoredNode>();
        var after = prefix;
        while (true)
        {
            var page = await graph.Store.ListNodesAsync(NodeKinds.Container, after, Page, cancellationToken).ConfigureAwait(false);
            var containers = page.Where(n => prefix is null || n.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            foreach (var hop in await graph.FollowAsync(containers.Where(c => c.IsCurrent), EdgeDirection.Outgoing, EdgeTypes.RunsImage).ConfigureAwait(false))
            {
                if (hop.IsCurrentFor(hop.Origin))
                {
                    images.TryAdd(hop.Node.Id, hop.Node);
                }
            }

            if (page.Count < Page || containers.Count < page.Count)
            {
                break;
            }

            after = page[^1].Key;
        }

        return [.. images.Values.OrderBy(n => n.Key, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Reads what the trace reads per image for its findings (scanner findings, layers, packages, Tether's matches and
    /// their vulnerabilities) for all images at once, so tracing each image afterwards costs no store call.
    /// </summary>
    private static async Task PrefetchFindingsAsync(GraphReader graph, IReadOnlyList<StoredNode> images)
    {
        var family = images
            .Concat((await graph.FollowAsync(images, EdgeDirection.Incoming, EdgeTypes.HasManifest).ConfigureAwait(false)).Select(h => h.Node))
            .Concat((await graph.FollowAsync(images, EdgeDirection.Outgoing, EdgeTypes.HasManifest).ConfigureAwait(false)).Select(h => h.Node))
            .DistinctBy(n => n.Id).ToList();
        var fromImages = await graph.FollowAsync(family, EdgeDirection.Outgoing, [EdgeTypes.HasFinding, EdgeTypes.HasLayer, EdgeTypes.ContainsPackage]).ConfigureAwait(false);
        await graph.FollowAsync(Nodes(fromImages, EdgeTypes.HasFinding), EdgeDirection.Outgoing, EdgeTypes.OfVulnerability).ConfigureAwait(false);
        var inLayers = await graph.FollowAsync(Nodes(fromImages, EdgeTypes.HasLayer), EdgeDirection.Outgoing, EdgeTypes.ContainsPackage).ConfigureAwait(false);
        var packages = inLayers.Select(h => h.Node).Concat(Nodes(fromImages, EdgeTypes.ContainsPackage)).DistinctBy(n => n.Id).ToList();
        var matches = await graph.FollowAsync(packages, EdgeDirection.Outgoing, EdgeTypes.HasMatch).ConfigureAwait(false);
        await graph.FollowAsync(matches.Where(h => h.Node.IsCurrent).Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Outgoing, EdgeTypes.OfVulnerability).ConfigureAwait(false);
    }

    private static List<StoredNode> Nodes(IEnumerable<Hop> hops, string type) =>
        hops.Where(h => h.Edge.Type == type).Select(h => h.Node).DistinctBy(n => n.Id).ToList();
}
