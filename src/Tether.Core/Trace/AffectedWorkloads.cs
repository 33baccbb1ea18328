using Tether.Core.Graph;

namespace Tether.Core.Trace;

/// <summary>A workload running an image affected by a vulnerability: where, how many pods, exposed or not.</summary>
public sealed record AffectedWorkload(string Cluster, string Namespace, string Kind, string Name, int Pods, bool InternetExposed, string Environment, IReadOnlyList<string> Images);

/// <summary>The running answer to a new advisory: the workloads, and the images behind them.</summary>
public sealed record AffectedRuntime(TraceTarget Target, IReadOnlyList<string> Images, IReadOnlyList<AffectedWorkload> Workloads)
{
    public int Pods => Workloads.Sum(w => w.Pods);
}

/// <summary>
/// Which running workloads a vulnerability reaches, without tracing each image to its pipeline and source: the images
/// holding an affected package (scanner findings and Tether's own matches), their index/platform family, then one
/// set-based runtime resolution over all of them at once. What the trace does per image, done once for the set, so
/// "a new CVE: where does it run?" costs a fixed number of store reads however many images share the package.
/// </summary>
public static class AffectedWorkloads
{
    public static Task<AffectedRuntime> FindAsync(IGraphStore store, string vulnerability, CancellationToken cancellationToken = default) =>
        FindAsync(store, vulnerability, null, cancellationToken);

    /// <summary>As above, with the user's environment mapping (<paramref name="settings"/> null: the defaults).</summary>
    public static async Task<AffectedRuntime> FindAsync(IGraphStore store, string vulnerability, Risk.RiskSettings? settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var graph = new GraphReader(store, cancellationToken);
        var resolved = await TargetResolver.ResolveAsync(graph, vulnerability.Trim(), null).ConfigureAwait(false);
        if (resolved.Vulnerabilities.Count == 0)
        {
            throw new TraceTargetNotFoundException($"'{vulnerability}' is not a known vulnerability id.");
        }

        var reported = (await graph.FollowAsync(resolved.Vulnerabilities, EdgeDirection.Incoming, EdgeTypes.OfVulnerability).ConfigureAwait(false))
            .Where(h => h.Node.Kind == NodeKinds.Finding).Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        var images = (await graph.FollowAsync(reported, EdgeDirection.Incoming, EdgeTypes.HasFinding).ConfigureAwait(false)).Select(h => h.Node)
            .Concat((await NativeFindings.ForVulnerabilitiesAsync(graph, resolved.Vulnerabilities).ConfigureAwait(false)).Select(i => i.Image))
            .DistinctBy(n => n.Id).ToList();

        // Pods may name the index digest or the platform manifest: the family of every image runs it.
        var family = images
            .Concat((await graph.FollowAsync(images, EdgeDirection.Incoming, EdgeTypes.HasManifest).ConfigureAwait(false)).Select(h => h.Node))
            .Concat((await graph.FollowAsync(images, EdgeDirection.Outgoing, EdgeTypes.HasManifest).ConfigureAwait(false)).Select(h => h.Node))
            .DistinctBy(n => n.Id).ToList();
        var runtime = await RuntimeResolver.ResolveAsync(graph, family, settings).ConfigureAwait(false);

        var workloads = runtime
            .GroupBy(r => (r.Cluster, r.Namespace, Kind: r.Workload?.Kind ?? "Pod", Name: r.Workload?.Name ?? r.Pod))
            .Select(g => new AffectedWorkload(
                g.Key.Cluster, g.Key.Namespace, g.Key.Kind, g.Key.Name,
                g.Select(r => r.Pod).Distinct(StringComparer.Ordinal).Count(),
                g.Any(r => r.Exposure.Count > 0),
                g.Select(r => r.Environment).GroupBy(e => e).OrderByDescending(e => e.Count()).First().Key,
                [.. g.Select(r => r.ImageDigest).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))
            .OrderByDescending(w => w.InternetExposed).ThenByDescending(w => w.Pods).ThenBy(w => w.Cluster, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal)
            .ToList();
        return new AffectedRuntime(resolved.Target, [.. images.Select(i => i.Key).Order(StringComparer.Ordinal)], workloads);
    }
}
