using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Registry.Sync;

/// <summary>
/// What an earlier sync already stored, so a repeat sync does not fetch manifests, configs and attestations
/// again for a digest it has fully read (content under a digest never changes).
/// </summary>
public interface IKnownImages
{
    /// <summary>The image as a previous registry sync stored it, or null when it must be fetched.</summary>
    Task<KnownImage?> FindAsync(string digest, CancellationToken cancellationToken);
}

/// <summary>A stored image (index or manifest), its repositories and, for an index, its platform manifests.</summary>
public sealed record KnownImage(string Digest, bool IsIndex, string? Platform, IReadOnlyList<string> Repositories, IReadOnlyList<KnownImage> Manifests);

/// <summary>
/// <see cref="IKnownImages"/> over the graph store. An image counts as known only when a registry sync stored
/// it whole: a tag resolved to it (an edge from <see cref="RegistrySync.Collector"/>), and every platform
/// manifest has its config. Nodes another collector created bare (a pod's imageID) are fetched.
/// </summary>
public sealed class StoredImages(IGraphStore store) : IKnownImages
{
    public async Task<KnownImage?> FindAsync(string digest, CancellationToken cancellationToken)
    {
        var node = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, digest), cancellationToken).ConfigureAwait(false);
        if (node is null)
        {
            return null;
        }

        var facts = node.Facts<ImageFacts>();
        var incoming = await store.GetEdgesAsync([node.Id], EdgeDirection.Incoming, [EdgeTypes.ResolvesTo], cancellationToken).ConfigureAwait(false);
        if (facts.MediaType is null || !incoming.Any(e => e.Collector == RegistrySync.Collector))
        {
            return null;
        }

        if (facts.IsIndex != true)
        {
            return facts.ConfigDigest is null ? null : new KnownImage(digest, false, facts.Platform, facts.Repositories ?? [], []);
        }

        var edges = await store.GetEdgesAsync([node.Id], EdgeDirection.Outgoing, [EdgeTypes.HasManifest], cancellationToken).ConfigureAwait(false);
        var children = await store.GetNodesAsync([.. edges.Where(e => e.Collector == RegistrySync.Collector).Select(e => e.ToId).Distinct()], cancellationToken).ConfigureAwait(false);
        var manifests = new List<KnownImage>();
        foreach (var child in children.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var childFacts = child.Facts<ImageFacts>();
            if (childFacts.ConfigDigest is null)
            {
                return null;
            }

            manifests.Add(new KnownImage(child.Key, false, childFacts.Platform, childFacts.Repositories ?? [], []));
        }

        return manifests.Count == 0 ? null : new KnownImage(digest, true, facts.Platform, facts.Repositories ?? [], manifests);
    }
}
