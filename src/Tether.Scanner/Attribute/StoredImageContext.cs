using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Scanner.Attribute;

/// <summary>What the store already knows that attributes a scanned image: candidate base images and the reported Dockerfile.</summary>
public sealed record StoredImageContext(IReadOnlyList<StoredImage> Candidates, DockerfileFacts? Dockerfile)
{
    public static readonly StoredImageContext Empty = new([], null);

    /// <summary>
    /// Reads, in a few set-oriented queries: the images holding the image's first layer (<c>has_layer</c> edges into that one
    /// layer node — never a walk over all images), and the Dockerfile of the newest pipeline run that built the image or
    /// the index it belongs to (<c>pipeline_run -built-> image</c>, <c>-used_dockerfile-> dockerfile</c>).
    /// </summary>
    public static async Task<StoredImageContext> LoadAsync(IGraphStore store, string manifestDigest, string? indexDigest, IReadOnlyList<string> diffIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(diffIds);
        var candidates = new List<StoredImage>();
        if (diffIds.Count > 1 && await store.FindNodeAsync(new NodeRef(NodeKinds.Layer, diffIds[0]), cancellationToken).ConfigureAwait(false) is { } first)
        {
            var holders = (await store.GetEdgesAsync([first.Id], EdgeDirection.Incoming, [EdgeTypes.HasLayer], cancellationToken).ConfigureAwait(false))
                .Select(e => e.FromId).Distinct().ToList();
            foreach (var node in await store.GetNodesAsync(holders, cancellationToken).ConfigureAwait(false))
            {
                if (node.Kind == NodeKinds.Image && node.Facts<ImageFacts>() is { DiffIds: { Count: > 0 } layers } facts && layers.Count < diffIds.Count)
                {
                    candidates.Add(new StoredImage(facts.Digest, layers, facts.Repositories));
                }
            }
        }

        return new StoredImageContext(candidates, await DockerfileAsync(store, manifestDigest, indexDigest, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<DockerfileFacts?> DockerfileAsync(IGraphStore store, string manifestDigest, string? indexDigest, CancellationToken cancellationToken)
    {
        var images = await store.FindNodesByKeysAsync(NodeKinds.Image, indexDigest is null ? [manifestDigest] : [manifestDigest, indexDigest], cancellationToken).ConfigureAwait(false);
        if (images.Count == 0)
        {
            return null;
        }

        // A CI report names what was pushed: often the index, whose platform manifests it lists.
        var ids = images.Select(i => i.Id).ToList();
        ids.AddRange((await store.GetEdgesAsync(ids, EdgeDirection.Incoming, [EdgeTypes.HasManifest], cancellationToken).ConfigureAwait(false)).Select(e => e.FromId));
        var runs = (await store.GetEdgesAsync(ids.Distinct().ToList(), EdgeDirection.Incoming, [EdgeTypes.Built], cancellationToken).ConfigureAwait(false))
            .Select(e => e.FromId).Distinct().ToList();
        if (runs.Count == 0)
        {
            return null;
        }

        var used = (await store.GetEdgesAsync(runs, EdgeDirection.Outgoing, [EdgeTypes.UsedDockerfile], cancellationToken).ConfigureAwait(false))
            .OrderByDescending(e => e.LastSeen).ThenByDescending(e => e.Id).FirstOrDefault();
        if (used is null)
        {
            return null;
        }

        var dockerfile = await store.GetNodesAsync([used.ToId], cancellationToken).ConfigureAwait(false);
        return dockerfile.Count == 1 && dockerfile[0].Kind == NodeKinds.Dockerfile ? dockerfile[0].Facts<DockerfileFacts>() : null;
    }
}
