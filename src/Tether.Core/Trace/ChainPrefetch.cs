using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Core.Trace;

/// <summary>
/// Reads the links the resolvers follow (family, runtime, registry, pipeline, source) for many images at once, into the
/// <see cref="GraphReader"/>'s cache, so that resolving each image's chain afterwards costs no store call. A
/// vulnerability in a base-image package reaches thousands of images; resolved one by one, each would cost two dozen
/// round trips. The walk mirrors the resolvers' own (same edge types, same currency filters); whatever it misses is
/// read by the resolver as before, so it changes how much is read at once, never what a trace says.
/// </summary>
internal static class ChainPrefetch
{
    public static async Task LoadAsync(GraphReader graph, IReadOnlyCollection<StoredNode> images)
    {
        if (images.Count < 2)
        {
            return; // one image: the resolvers' own reads are already set-wise
        }

        // Families: the image, its index (incoming has_manifest), its platform manifests (outgoing).
        var parents = await graph.FollowAsync(images, EdgeDirection.Incoming, EdgeTypes.HasManifest).ConfigureAwait(false);
        var children = await graph.FollowAsync(images, EdgeDirection.Outgoing, EdgeTypes.HasManifest).ConfigureAwait(false);
        var family = images.Concat(parents.Select(h => h.Node)).Concat(children.Select(h => h.Node)).DistinctBy(n => n.Id).ToList();

        // What points at the family (containers, tags, attestations, pipeline runs) and what it points at (commit and
        // repository labels), each in one read.
        var incoming = await graph.FollowAsync(family, EdgeDirection.Incoming, [EdgeTypes.RunsImage, EdgeTypes.ResolvesTo, EdgeTypes.Attests, EdgeTypes.Built]).ConfigureAwait(false);
        var labelled = await graph.FollowAsync(family, EdgeDirection.Outgoing, [EdgeTypes.BuiltFrom, EdgeTypes.SourcedFrom]).ConfigureAwait(false);

        await RuntimeAsync(graph, incoming.Where(h => h.Edge.Type == EdgeTypes.RunsImage)).ConfigureAwait(false);

        // Registry: every digest the family's tags resolved to (current or not).
        await graph.FollowAsync(Nodes(incoming, EdgeTypes.ResolvesTo), EdgeDirection.Outgoing, EdgeTypes.ResolvesTo).ConfigureAwait(false);

        // Pipeline and source: the runs' commits and Dockerfiles, and the repositories of every commit.
        var commits = await graph.FollowAsync(Nodes(incoming, EdgeTypes.Built), EdgeDirection.Outgoing, [EdgeTypes.BuiltFrom, EdgeTypes.UsedDockerfile]).ConfigureAwait(false);
        await graph.FindManyAsync(
            NodeKinds.SourceRepository,
            commits.Concat(labelled).Where(h => h.Node.Kind == NodeKinds.Commit).Select(h => graph.Facts<CommitFacts>(h.Node).Repository)).ConfigureAwait(false);
    }

    private static List<StoredNode> Nodes(IEnumerable<Hop> hops, string type) =>
        hops.Where(h => h.Edge.Type == type).Select(h => h.Node).DistinctBy(n => n.Id).ToList();

    /// <summary>As <see cref="RuntimeResolver"/> walks from the containers: pods, owners, accounts, selecting services, namespaces, clusters.</summary>
    private static async Task RuntimeAsync(GraphReader graph, IEnumerable<Hop> runs)
    {
        var containers = runs
            .Where(h => h.Node.IsCurrent && h.IsCurrentFor(h.Node))
            .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        if (containers.Count == 0)
        {
            return;
        }

        var pods = (await graph.FollowAsync(containers, EdgeDirection.Incoming, EdgeTypes.HasContainer).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent && h.IsCurrentFor(h.Node) && RuntimeResolver.IsRunning(graph, h.Node))
            .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        if (pods.Count == 0)
        {
            return;
        }

        var fromPods = await graph.FollowAsync(pods, EdgeDirection.Outgoing, [EdgeTypes.OwnedBy, EdgeTypes.RunsAs]).ConfigureAwait(false);
        var owners = fromPods.Where(h => h.Edge.Type == EdgeTypes.OwnedBy && h.IsCurrentFor(h.Origin)).Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        for (var level = 0; level < RuntimeResolver.OwnerLevels && owners.Count > 0; level++)
        {
            owners = (await graph.FollowAsync(owners, EdgeDirection.Outgoing, EdgeTypes.OwnedBy).ConfigureAwait(false))
                .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        }

        var toPods = await graph.FollowAsync(pods, EdgeDirection.Incoming, [EdgeTypes.Selects, EdgeTypes.Contains]).ConfigureAwait(false);
        var services = toPods.Where(h => h.Edge.Type == EdgeTypes.Selects && h.Node.Kind == NodeKinds.Service && h.Node.IsCurrent)
            .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        await graph.FollowAsync(services, EdgeDirection.Incoming, EdgeTypes.RoutesTo).ConfigureAwait(false);
        var namespaces = toPods.Where(h => h.Edge.Type == EdgeTypes.Contains && h.Node.Kind == NodeKinds.Namespace)
            .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        await graph.FollowAsync(namespaces, EdgeDirection.Incoming, EdgeTypes.Contains).ConfigureAwait(false);
    }
}
