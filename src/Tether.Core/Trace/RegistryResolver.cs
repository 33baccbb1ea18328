using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Core.Trace;

/// <summary>REGISTRY layer: the digest, its index, the tags that point (or pointed) at it, and attestations.</summary>
internal static class RegistryResolver
{
    public static async Task<RegistryLayer?> ResolveAsync(GraphReader graph, StoredNode image, IReadOnlyList<StoredNode> family, ICollection<TraceGap> gaps)
    {
        var facts = graph.Facts<ImageFacts>(image);
        var parents = await graph.FollowAsync([image], EdgeDirection.Incoming, EdgeTypes.HasManifest).ConfigureAwait(false);
        var referenceHops = await graph.FollowAsync(family, EdgeDirection.Incoming, EdgeTypes.ResolvesTo).ConfigureAwait(false);
        var attestations = await graph.FollowAsync(family, EdgeDirection.Incoming, EdgeTypes.Attests).ConfigureAwait(false);

        // A tag is current when the reference still exists and its newest resolution is this family.
        var allResolutions = await graph.FollowAsync(referenceHops.Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Outgoing, EdgeTypes.ResolvesTo).ConfigureAwait(false);
        var newest = allResolutions.GroupBy(h => h.Origin.Id).ToDictionary(g => g.Key, g => g.MaxBy(h => h.Edge.LastSeen)!.Node.Id);
        var familyIds = family.Select(n => n.Id).ToHashSet();
        var references = referenceHops
            .GroupBy(h => h.Node.Id)
            .Select(g => g.Strongest().First())
            .Select(h => new ReferenceView(
                h.Node.Key,
                h.Edge.FirstSeen,
                h.Edge.LastSeen,
                h.Node.IsCurrent && familyIds.Contains(newest.GetValueOrDefault(h.Node.Id)),
                h.Evidence("tag resolves to digest")))
            .OrderByDescending(r => r.Current)
            .ThenByDescending(r => r.LastSeen)
            .ToList();

        var known = references.Count > 0 || facts.ConfigDigest is not null || facts.IsIndex is not null || parents.Count > 0;
        if (!known)
        {
            gaps.Add(new TraceGap("registry", $"no registry sync, CI report or scan has described {image.Key}; only the runtime reported this digest (run `tether registry sync`)."));
            return null;
        }

        return new RegistryLayer(
            image.Key,
            parents.Select(p => p.Node.Key).FirstOrDefault(),
            facts.Platform,
            references,
            facts.Created,
            facts.ConfigDigest,
            attestations.Select(a => graph.Facts<AttestationFacts>(a.Node))
                .Select(a => new AttestationView(a.Digest, a.PredicateType, a.BuilderId, a.Verification, a.SignerIdentity))
                .DistinctBy(a => a.Digest)
                .ToList());
    }
}
