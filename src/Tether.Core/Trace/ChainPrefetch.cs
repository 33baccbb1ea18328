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

        await RuntimeAsync(graph, family).ConfigureAwait(false);

        // Registry: tags resolving to the family, and every digest those tags resolved to (current or not).
        var references = await graph.FollowAsync(family, EdgeDirection.Incoming, EdgeTypes.ResolvesTo).ConfigureAwait(false);
        await graph.FollowAsync(references.Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Outgoing, EdgeTypes.ResolvesTo).ConfigureAwait(false);
        await graph.FollowAsync(family, EdgeDirection.Incoming, EdgeTypes.Attests).ConfigureAwait(false);

        // Pipeline and source: runs that built the family, their commits and Dockerfiles, and the images' own labels.
        var runs = (await graph.FollowAsync(family, EdgeDirection.Incoming, EdgeTypes.Built).ConfigureAwait(false)).Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        var commits = await graph.FollowAsync(runs, EdgeDirection.Outgoing, EdgeTypes.BuiltFrom).ConfigureAwait(false);
        await graph.FollowAsync(runs, EdgeDirection.Outgoing, EdgeTypes.UsedDockerfile).ConfigureAwait(false);
        var labelled = await graph.FollowAsync(family, EdgeDirection.Outgoing, EdgeTypes.BuiltFrom).ConfigureAwait(false);
        await graph.FollowAsync(family, EdgeDirection.Outgoing, EdgeTypes.SourcedFrom).ConfigureAwait(false);
        await graph.FindManyAsync(
            NodeKinds.SourceRepository,
            commits.Concat(labelled).Where(h => h.Node.Kind == NodeKinds.Commit).Select(h => h.Node.Facts<CommitFacts>().Repository)).ConfigureAwait(false);
    }

    /// <summary>As <see cref="RuntimeResolver"/> walks: containers, pods, owners, selecting services, namespaces, clusters, accounts.</summary>
    private static async Task RuntimeAsync(GraphReader graph, IReadOnlyList<StoredNode> family)
    {
        var containers = (await graph.FollowAsync(family, EdgeDirection.Incoming, EdgeTypes.RunsImage).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent && h.IsCurrentFor(h.Node))
            .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        if (containers.Count == 0)
        {
            return;
        }

        var pods = (await graph.FollowAsync(containers, EdgeDirection.Incoming, EdgeTypes.HasContainer).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent && h.IsCurrentFor(h.Node) && RuntimeResolver.IsRunning(h.Node))
            .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        if (pods.Count == 0)
        {
            return;
        }

        var owners = (await graph.FollowAsync(pods, EdgeDirection.Outgoing, EdgeTypes.OwnedBy).ConfigureAwait(false))
            .Where(h => h.IsCurrentFor(h.Origin)).Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        for (var level = 0; level < RuntimeResolver.OwnerLevels && owners.Count > 0; level++)
        {
            owners = (await graph.FollowAsync(owners, EdgeDirection.Outgoing, EdgeTypes.OwnedBy).ConfigureAwait(false))
                .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        }

        var services = (await graph.FollowAsync(pods, EdgeDirection.Incoming, EdgeTypes.Selects).ConfigureAwait(false))
            .Where(h => h.Node.Kind == NodeKinds.Service && h.Node.IsCurrent)
            .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        await graph.FollowAsync(services, EdgeDirection.Incoming, EdgeTypes.RoutesTo).ConfigureAwait(false);
        var namespaces = (await graph.FollowAsync(pods, EdgeDirection.Incoming, EdgeTypes.Contains).ConfigureAwait(false))
            .Where(h => h.Node.Kind == NodeKinds.Namespace)
            .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        await graph.FollowAsync(namespaces, EdgeDirection.Incoming, EdgeTypes.Contains).ConfigureAwait(false);
        await graph.FollowAsync(pods, EdgeDirection.Outgoing, EdgeTypes.RunsAs).ConfigureAwait(false);
    }
}
