using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Risk;
using Tether.Core.Trace;

namespace Tether.Core.Paths;

/// <summary>
/// Finds attack paths (docs/attack-paths.md). It starts from the end an attacker wants — cloud identities with
/// permissions on resources — and walks back set by set: identities → resources (<c>has_permission</c>), identities ←
/// service accounts (<c>assumes_identity</c>) ← pods (<c>runs_as</c>) → containers → images; a fixed number of store
/// reads whatever the pod count. Each image reached is then traced once (the same findings, priorities and runtime the
/// trace shows), and a path is kept only when every hop holds: the pod is exposed to the internet, receives the
/// identity, and its image has a vulnerability at or above the requested severity.
/// </summary>
public sealed class AttackPathFinder(IGraphStore store, IAdvisoryStore? advisories = null, RiskSettings? settings = null)
{
    /// <summary>Cloud identities read per store call.</summary>
    public const int PageSize = 1000;

    private readonly RiskSettings _settings = settings ?? RiskSettings.Default;

    public async Task<IReadOnlyList<AttackPath>> FindAsync(AttackPathQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new AttackPathQuery();
        var minimum = query.MinSeverity is null ? 0 : SeverityRank(query.MinSeverity);
        var graph = new GraphReader(store, cancellationToken);
        var images = new Dictionary<long, StoredNode>();

        string? after = null;
        while (true)
        {
            var identities = await store.ListNodesAsync(NodeKinds.CloudIdentity, after, PageSize, cancellationToken).ConfigureAwait(false);
            if (identities.Count == 0)
            {
                break;
            }

            after = identities[^1].Key;
            foreach (var image in await ImagesBehindAsync(graph, identities.Where(i => i.IsCurrent).ToList(), query.Cluster).ConfigureAwait(false))
            {
                images.TryAdd(image.Id, image);
            }

            if (identities.Count < PageSize)
            {
                break;
            }
        }

        var engine = new TraceEngine(store, advisories, _settings);
        var paths = new List<AttackPath>();
        foreach (var image in images.Values.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            var trace = await engine.TraceAsync(image.Key, null, cancellationToken).ConfigureAwait(false);
            paths.AddRange(PathsOf(trace, minimum, query.Cluster));
        }

        // An image reached through its index and its platform manifest yields the same paths twice.
        return paths
            .DistinctBy(p => (p.Workload.Cluster, p.Workload.Namespace, p.Workload.Kind, p.Workload.Name, p.Identity.Provider, p.Identity.Id, p.Resource.Id, p.Vulnerability.Id))
            .OrderByDescending(p => p.Score)
            .ThenBy(p => p.Workload.Cluster, StringComparer.Ordinal)
            .ThenBy(p => p.Workload.Namespace, StringComparer.Ordinal)
            .ThenBy(p => p.Workload.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Resource.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Images run by current pods whose service account is bound to one of <paramref name="identities"/> that holds a grant.</summary>
    private static async Task<IReadOnlyList<StoredNode>> ImagesBehindAsync(GraphReader graph, IReadOnlyList<StoredNode> identities, string? cluster)
    {
        var granted = (await graph.FollowAsync(identities, EdgeDirection.Outgoing, EdgeTypes.HasPermission).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent)
            .Select(h => h.Origin).DistinctBy(n => n.Id).ToList();
        var accounts = (await graph.FollowAsync(granted, EdgeDirection.Incoming, EdgeTypes.AssumesIdentity).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent && h.IsCurrentFor(h.Node))
            .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        var pods = (await graph.FollowAsync(accounts, EdgeDirection.Incoming, EdgeTypes.RunsAs).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent && h.IsCurrentFor(h.Node) && RuntimeResolver.IsRunning(graph, h.Node)
                && (cluster is null || graph.Facts<PodFacts>(h.Node).Cluster == cluster))
            .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        var containers = (await graph.FollowAsync(pods, EdgeDirection.Outgoing, EdgeTypes.HasContainer).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent && h.IsCurrentFor(h.Origin))
            .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
        return (await graph.FollowAsync(containers, EdgeDirection.Outgoing, EdgeTypes.RunsImage).ConfigureAwait(false))
            .Where(h => h.IsCurrentFor(h.Origin))
            .Select(h => h.Node).DistinctBy(n => n.Id).ToList();
    }

    private IEnumerable<AttackPath> PathsOf(TraceReport trace, int minimum, string? cluster)
    {
        var image = trace.Images.FirstOrDefault();
        var top = trace.Findings.Where(f => SeverityRank(f.Vulnerability.Severity) >= minimum).ToList();
        if (image is null || top.Count == 0)
        {
            yield break;
        }

        var vulnerability = top[0];
        var references = image.Registry?.References.Where(r => r.Current).Select(r => r.Reference).ToList() ?? [];
        var entries = image.Runtime
            .Where(r => r.Exposure.Count > 0 && r.Identity is { Held: true, Grants.Count: > 0 } && (cluster is null || r.Cluster == cluster))
            .GroupBy(r => (r.Cluster, r.Namespace, Kind: r.Workload?.Kind ?? "Pod", Name: r.Workload?.Name ?? r.Pod, r.Identity!.Key));
        foreach (var group in entries)
        {
            var first = group.First();
            var identity = first.Identity!;
            var workload = new WorkloadHop(
                group.Key.Cluster, group.Key.Namespace, group.Key.Kind, group.Key.Name,
                group.Select(r => r.Pod).Distinct(StringComparer.Ordinal).Count(),
                first.Environment, first.ImageDigest, references, first.Evidence);
            var entry = new EntryHop([.. group.SelectMany(r => r.Exposure).Distinct().OrderBy(e => e.Kind, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal)]);
            var vulnerabilityHop = new VulnerabilityHop(
                vulnerability.Vulnerability.Id, vulnerability.Vulnerability.Severity, vulnerability.Package.Name, vulnerability.Package.Version,
                vulnerability.Package.FixedVersion, vulnerability.Priority.Score, vulnerability.Priority.Level, top.Count - 1, vulnerability.Package.Evidence);
            var identityHop = new IdentityHop(identity.ServiceAccount, identity.Annotation, identity.Provider, identity.Id, identity.Name, identity.KubernetesTokenMounted, identity.Evidence);
            foreach (var grant in identity.Grants)
            {
                var (score, factors) = PathScoring.Score(vulnerability.Priority.Score, grant.SensitivityLevel, grant.Permissions);
                yield return new AttackPath(
                    score,
                    PriorityScorer.LevelOf(score),
                    factors,
                    entry,
                    workload,
                    vulnerabilityHop,
                    identityHop,
                    new ResourceHop(grant.Resource, grant.Name, grant.Type, grant.Sensitivity, grant.SensitivityLevel, grant.Permissions, grant.Evidence));
            }
        }
    }

    /// <summary>CRITICAL 4 … LOW 1, anything else 0 (only reached with no minimum).</summary>
    public static int SeverityRank(string severity) => severity?.Trim().ToUpperInvariant() switch
    {
        "CRITICAL" => 4,
        "HIGH" => 3,
        "MEDIUM" => 2,
        "LOW" => 1,
        _ => 0,
    };
}
