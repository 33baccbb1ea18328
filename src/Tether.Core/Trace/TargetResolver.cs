using System.Text.RegularExpressions;
using Tether.Core.Graph;
using Tether.Core.Identity;
using Tether.Core.Model;

namespace Tether.Core.Trace;

/// <summary>The trace target is not in the store; the message says what was looked for and how to add it.</summary>
public sealed class TraceTargetNotFoundException(string message) : Exception(message)
{
    public TraceTargetNotFoundException()
        : this("trace target not found")
    {
    }

    public TraceTargetNotFoundException(string message, Exception innerException)
        : this(message + " " + innerException?.Message)
    {
    }
}

/// <summary>
/// Turns the user's TARGET into nodes: <c>pod/NS/NAME</c> (with <c>--cluster</c>, or unique across clusters),
/// a vulnerability id or alias, a digest (full or ≥ 12-hex prefix), or an image reference (tag → newest digest).
/// </summary>
internal static partial class TargetResolver
{
    public sealed record Resolved(TraceTarget Target, IReadOnlyList<StoredNode> Vulnerabilities, IReadOnlyList<StoredNode> Images);

    public static async Task<Resolved> ResolveAsync(GraphReader graph, string target, string? cluster)
    {
        if (target.StartsWith("pod/", StringComparison.Ordinal))
        {
            return await PodAsync(graph, target, cluster).ConfigureAwait(false);
        }

        if (VulnerabilityId().IsMatch(target))
        {
            var vulnerabilities = await VulnerabilitiesAsync(graph, target).ConfigureAwait(false);
            if (vulnerabilities.Count > 0)
            {
                return new Resolved(new TraceTarget("vulnerability", target, string.Join(", ", vulnerabilities.Select(v => v.Key))), vulnerabilities, []);
            }

            throw new TraceTargetNotFoundException(
                $"{target}: no finding for this vulnerability in the store (import scanner reports with `tether ingest report`).");
        }

        var image = await ImageAsync(graph, target).ConfigureAwait(false);
        return new Resolved(new TraceTarget("image", target, image.Key), [], [image]);
    }

    private static async Task<IReadOnlyList<StoredNode>> VulnerabilitiesAsync(GraphReader graph, string id)
    {
        var direct = await graph.FindAsync(new NodeRef(NodeKinds.Vulnerability, id)).ConfigureAwait(false);
        var aliased = await graph.Store.FindNodesByAliasAsync(NodeKinds.Vulnerability, id).ConfigureAwait(false);
        return new[] { direct }.OfType<StoredNode>().Concat(aliased).DistinctBy(n => n.Id).ToList();
    }

    private static async Task<StoredNode> ImageAsync(GraphReader graph, string target)
    {
        if (Digest.TryParse(target, out var digest))
        {
            return await graph.FindAsync(new NodeRef(NodeKinds.Image, digest)).ConfigureAwait(false)
                ?? throw new TraceTargetNotFoundException($"{target}: no image with this digest in the store.");
        }

        if (ShortDigest().IsMatch(target))
        {
            var prefix = target.StartsWith("sha256:", StringComparison.Ordinal) ? target : "sha256:" + target;
            var matches = await graph.Store.FindNodesByKeyPrefixAsync(NodeKinds.Image, prefix.ToLowerInvariant(), 2).ConfigureAwait(false);
            return matches.Count switch
            {
                1 => matches[0],
                0 => throw new TraceTargetNotFoundException($"{target}: no image digest starts with this."),
                _ => throw new TraceTargetNotFoundException($"{target}: several image digests start with this; give more characters."),
            };
        }

        if (!ImageName.TryParse(target, out var name, out var error))
        {
            throw new TraceTargetNotFoundException($"{target}: not a pod (pod/NS/NAME), vulnerability id, digest or image reference: {error}");
        }

        if (name.Digest is not null)
        {
            return await graph.FindAsync(new NodeRef(NodeKinds.Image, name.Digest)).ConfigureAwait(false)
                ?? throw new TraceTargetNotFoundException($"{target}: no image with digest {name.Digest} in the store.");
        }

        var reference = new ImageReferenceFacts(name.Registry, name.Repository, name.Tag ?? "latest");
        var node = await graph.FindAsync(reference.Ref).ConfigureAwait(false)
            ?? throw new TraceTargetNotFoundException($"{target}: the store has no reference {reference.Key} (run `tether registry sync {name.FullRepository}`).");
        var resolutions = await graph.FollowAsync([node], EdgeDirection.Outgoing, EdgeTypes.ResolvesTo).ConfigureAwait(false);
        return resolutions.MaxBy(h => h.Edge.LastSeen)?.Node
            ?? throw new TraceTargetNotFoundException($"{target}: {reference.Key} is known but resolves to no digest.");
    }

    private static async Task<Resolved> PodAsync(GraphReader graph, string target, string? cluster)
    {
        var parts = target.Split('/');
        if (parts.Length != 3 || parts[1].Length == 0 || parts[2].Length == 0)
        {
            throw new TraceTargetNotFoundException($"{target}: a pod target is pod/NAMESPACE/NAME.");
        }

        StoredNode? pod;
        if (cluster is not null)
        {
            pod = await graph.FindAsync(new NodeRef(NodeKinds.Pod, PodFacts.KeyOf(cluster, parts[1], parts[2]))).ConfigureAwait(false);
        }
        else
        {
            var candidates = new List<StoredNode>();
            foreach (var known in await graph.Store.FindNodesByKeyPrefixAsync(NodeKinds.Cluster, "", 10_000).ConfigureAwait(false))
            {
                if (await graph.FindAsync(new NodeRef(NodeKinds.Pod, PodFacts.KeyOf(known.Key, parts[1], parts[2]))).ConfigureAwait(false) is { } found)
                {
                    candidates.Add(found);
                }
            }

            if (candidates.Count > 1)
            {
                throw new TraceTargetNotFoundException(
                    $"{target}: pods with this name exist in several clusters ({string.Join(", ", candidates.Select(c => c.Facts<PodFacts>().Cluster))}); pass --cluster.");
            }

            pod = candidates.FirstOrDefault();
        }

        if (pod is null)
        {
            throw new TraceTargetNotFoundException($"{target}: no such pod{(cluster is null ? "" : $" in cluster {cluster}")} (collect it with `tether ingest k8s` or `tether collect k8s`).");
        }

        var containers = (await graph.FollowAsync([pod], EdgeDirection.Outgoing, EdgeTypes.HasContainer).ConfigureAwait(false))
            .Where(h => h.IsCurrentFor(pod))
            .ToList();
        var images = (await graph.FollowAsync(containers.Select(c => c.Node), EdgeDirection.Outgoing, EdgeTypes.RunsImage).ConfigureAwait(false))
            .Where(h => h.IsCurrentFor(h.Origin))
            .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        if (images.Count == 0)
        {
            throw new TraceTargetNotFoundException($"{target}: the pod's containers report no image digest (status.containerStatuses[].imageID is empty or not a manifest digest).");
        }

        return new Resolved(new TraceTarget("pod", target, pod.Key), [], images);
    }

    [GeneratedRegex(@"^(CVE-\d{4}-\d{4,}|GHSA(-[23456789cfghjmpqrvwx]{4}){3}|[A-Z][A-Za-z0-9]*-[A-Za-z0-9:.\-_]+)$")]
    private static partial Regex VulnerabilityId();

    [GeneratedRegex("^(sha256:)?[0-9a-fA-F]{12,63}$")]
    private static partial Regex ShortDigest();
}
