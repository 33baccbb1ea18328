using Tether.Core.Graph;
using Tether.Core.Risk;

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
/// holding an affected package (scanner findings and Tether's own matches), their index/platform family, their current
/// containers in running pods and those pods' top-level workloads — walked in the in-memory <see cref="GraphTopology"/>
/// by the trace's rules (<see cref="RuntimeResolver"/>). Only what the answer shows is read from the store (pod, workload
/// names, labels for the environment, services for exposure), and it is kept with the topology while the runtime does
/// not change, so a newly disclosed vulnerability is answered from memory: its import changes only vulnerability
/// nodes.
/// </summary>
public static class AffectedWorkloads
{
    public static Task<AffectedRuntime> FindAsync(IGraphStore store, string vulnerability, CancellationToken cancellationToken = default) =>
        FindAsync(store, vulnerability, null, null, cancellationToken);

    /// <summary>
    /// As above, with the user's environment mapping (<paramref name="settings"/> null: the defaults) and the process's
    /// topology cache (null: the graph structure is read for this call).
    /// </summary>
    public static async Task<AffectedRuntime> FindAsync(
        IGraphStore store, string vulnerability, RiskSettings? settings, GraphTopologyCache? topologyCache = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(vulnerability);
        settings ??= RiskSettings.Default;
        var graph = new GraphReader(store, cancellationToken);
        var resolved = await TargetResolver.ResolveAsync(graph, vulnerability.Trim(), null).ConfigureAwait(false);
        if (resolved.Vulnerabilities.Count == 0)
        {
            throw new TraceTargetNotFoundException($"'{vulnerability}' is not a known vulnerability id.");
        }

        // Everything is walked in memory but the vulnerability's matches and findings, read from the store (three set-wise
        // reads), so a vulnerability imported a moment ago is answered without bringing the picture up to date.
        var topology = await (topologyCache ?? new GraphTopologyCache(store)).GetCurrentForAsync(RuntimeKinds, cancellationToken).ConfigureAwait(false);
        var walk = new TopologyWalk(topology);
        var images = await AffectedImagesAsync(store, walk, resolved.Vulnerabilities, cancellationToken).ConfigureAwait(false);

        // Pods may name the index digest or the platform manifest: the family of every image runs it.
        var family = new HashSet<int>(images);
        foreach (var image in images)
        {
            walk.Each(image, EdgeTypes.HasManifest, EdgeDirection.Incoming, member => family.Add(member));
            walk.Each(image, EdgeTypes.HasManifest, EdgeDirection.Outgoing, member => family.Add(member));
        }

        var instances = await RunningInstancesAsync(walk, graph, family, cancellationToken).ConfigureAwait(false);
        var pods = await PodViews.GetAsync(topology, graph, settings, instances.Select(i => i.Pod).Distinct()).ConfigureAwait(false);
        var workloads = await WorkloadViews.GetAsync(topology, graph, instances.Select(i => i.Workload).OfType<int>().Distinct()).ConfigureAwait(false);

        var digests = new Dictionary<int, string>();
        string Digest(int image) => digests.TryGetValue(image, out var digest) ? digest : digests[image] = topology.KeyOf(image);
        var affected = instances
            .Where(i => pods.ContainsKey(i.Pod))
            // One group per top-level workload, or per pod without one (a workload's key is its cluster, namespace, kind, name).
            .GroupBy(i => i.Workload is { } w && workloads.ContainsKey(w) ? w : ~i.Pod)
            .Select(g =>
            {
                var workload = g.Key >= 0 ? workloads[g.Key] : null;
                var podsOfGroup = g.Select(i => i.Pod).Distinct().Select(p => pods[p]).ToList();
                return new AffectedWorkload(
                    podsOfGroup[0].Cluster, podsOfGroup[0].Namespace, workload?.Kind ?? "Pod", workload?.Name ?? podsOfGroup[0].Name,
                    podsOfGroup.Count,
                    podsOfGroup.Any(p => p.Exposed),
                    // The environment most of its containers run in (ties: the first pod by name), as the trace groups it.
                    g.Select(i => pods[i.Pod]).OrderBy(p => p.Name, StringComparer.Ordinal).GroupBy(p => p.Environment).OrderByDescending(e => e.Count()).First().Key,
                    [.. g.Select(i => i.Image).Distinct().Select(Digest).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
            })
            .OrderByDescending(w => w.InternetExposed).ThenByDescending(w => w.Pods).ThenBy(w => w.Cluster, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal)
            .ToList();
        return new AffectedRuntime(resolved.Target, [.. images.Select(Digest).Order(StringComparer.Ordinal)], affected);
    }

    /// <summary>
    /// Reads what every running pod's entry in a blast radius shows (place, environment, exposure) and every workload's
    /// name into the topology's memo, so the next <see cref="FindAsync(IGraphStore, string, RiskSettings?, GraphTopologyCache?, CancellationToken)"/>
    /// — a newly disclosed vulnerability — reads nothing from the store but its own matches. Kept until a pod, workload
    /// or what exposes them changes; a server calls this after its topology moves on. Returns the pods prepared.
    /// </summary>
    public static async Task<int> PrepareAsync(IGraphStore store, GraphTopologyCache topologyCache, RiskSettings? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topologyCache);
        settings ??= RiskSettings.Default;
        var topology = await topologyCache.GetAsync(cancellationToken).ConfigureAwait(false);
        var prepared = topology.Memo((nameof(PrepareAsync), settings), () => new Prepared(), Prepared.DependsOn);
        if (prepared.Pods is { } done)
        {
            return done;
        }

        var graph = new GraphReader(store, cancellationToken);
        var walk = new TopologyWalk(topology);
        var running = new List<int>();
        var owners = new HashSet<int>();
        foreach (var pod in topology.NodesOfKind(NodeKinds.Pod))
        {
            if (topology.IsCurrent(pod) && !RuntimeResolver.IsFinished(topology.TagOf(pod)))
            {
                running.Add(pod);
                if (TopWorkload(walk, pod) is { } owner)
                {
                    owners.Add(owner);
                }
            }
        }

        await PodViews.GetAsync(topology, graph, settings, running).ConfigureAwait(false);
        await WorkloadViews.GetAsync(topology, graph, owners).ConfigureAwait(false);
        prepared.Pods = running.Count;
        return running.Count;
    }

    /// <summary>Marks a topology (and those inheriting its memo) as prepared, until what the views read changes.</summary>
    private sealed class Prepared
    {
        public static readonly string[] DependsOn = [.. PodViews.DependsOn, NodeKinds.Workload];

        public int? Pods { get; set; }
    }

    /// <summary>
    /// The kinds read from the topology: layers and images (which packages they hold, their family), and everything
    /// running them. Matches and findings are read from the store, so a new advisory needs none of these to change.
    /// </summary>
    private static readonly string[] RuntimeKinds =
    [
        NodeKinds.Layer, NodeKinds.Image, NodeKinds.Container, NodeKinds.Pod, NodeKinds.Workload, NodeKinds.Namespace, NodeKinds.Cluster,
        .. PodViews.DependsOn,
    ];

    /// <summary>
    /// Images reported with the vulnerability by a scanner (finding), and images holding a package Tether currently
    /// matches to it — in a layer, or directly when the layer is unknown. The store gives the findings' images and the
    /// matched packages (two edge reads and the matches); which layers and images hold a package is in the topology
    /// (those edges are written with their layer or image, kinds the topology is current for).
    /// </summary>
    private static async Task<HashSet<int>> AffectedImagesAsync(IGraphStore store, TopologyWalk walk, IReadOnlyList<StoredNode> vulnerabilities, CancellationToken cancellationToken)
    {
        var topology = walk.Topology;
        var reporters = (await store.GetEdgesAsync([.. vulnerabilities.Select(v => v.Id)], EdgeDirection.Incoming, [EdgeTypes.OfVulnerability], cancellationToken).ConfigureAwait(false))
            .Select(e => e.FromId).Distinct().ToList();
        var toReporters = await store.GetEdgesAsync(reporters, EdgeDirection.Incoming, [EdgeTypes.HasFinding, EdgeTypes.HasMatch], cancellationToken).ConfigureAwait(false);
        var matchEdges = toReporters.Where(e => e.Type == EdgeTypes.HasMatch).ToList();
        var current = (await store.GetNodesAsync([.. matchEdges.Select(e => e.ToId).Distinct()], cancellationToken).ConfigureAwait(false))
            .Where(m => m.Kind == NodeKinds.VulnerabilityMatch && m.IsCurrent).Select(m => m.Id).ToHashSet();

        var images = new HashSet<int>();
        foreach (var edge in toReporters.Where(e => e.Type == EdgeTypes.HasFinding))
        {
            if (topology.TryIndexOf(edge.FromId, out var image))
            {
                images.Add(image);
            }
        }

        foreach (var packageId in matchEdges.Where(e => current.Contains(e.ToId)).Select(e => e.FromId).Distinct())
        {
            if (!topology.TryIndexOf(packageId, out var package))
            {
                continue;
            }

            walk.Each(package, EdgeTypes.ContainsPackage, EdgeDirection.Incoming, holder =>
            {
                if (topology.IsKind(holder, NodeKinds.Image))
                {
                    images.Add(holder);
                }
                else
                {
                    walk.Each(holder, EdgeTypes.HasLayer, EdgeDirection.Incoming, image => images.Add(image));
                }
            });
        }

        return images;
    }

    /// <summary>A current container running one of the images in a running pod, with the pod's top-level workload.</summary>
    private sealed record Instance(int Container, int Image, int Pod, int? Workload);

    /// <summary>
    /// Current containers linked to the family (by a link re-stated when the container was last observed), each in its
    /// current, running pod, with the pod's top owner (ReplicaSet → Deployment, Job → CronJob).
    /// </summary>
    private static async Task<List<Instance>> RunningInstancesAsync(TopologyWalk walk, GraphReader graph, HashSet<int> family, CancellationToken cancellationToken)
    {
        var topology = walk.Topology;
        var imagesOf = new Dictionary<int, List<int>>();
        foreach (var image in family)
        {
            walk.Each(image, EdgeTypes.RunsImage, EdgeDirection.Incoming, (container, current) =>
            {
                if (current && topology.IsCurrent(container))
                {
                    (imagesOf.TryGetValue(container, out var list) ? list : imagesOf[container] = []).Add(image);
                }
            });
        }

        // A container linked to two digests of the family (a spec pin and its imageID) runs the one the strongest link names.
        var ambiguous = imagesOf.Where(p => p.Value.Count > 1).Select(p => p.Key).ToList();
        var strongest = new Dictionary<int, int>();
        if (ambiguous.Count > 0)
        {
            var containers = await graph.Store.GetNodesAsync([.. ambiguous.Select(topology.IdOf)], cancellationToken).ConfigureAwait(false);
            foreach (var group in (await graph.FollowAsync(containers, EdgeDirection.Outgoing, EdgeTypes.RunsImage).ConfigureAwait(false))
                .Where(h => h.IsCurrentFor(h.Origin) && topology.TryIndexOf(h.Node.Id, out var i) && family.Contains(i))
                .GroupBy(h => h.Origin.Id))
            {
                topology.TryIndexOf(group.Key, out var container);
                topology.TryIndexOf(group.Strongest().First().Node.Id, out var image);
                strongest[container] = image;
            }
        }

        var instances = new List<Instance>(imagesOf.Count);
        foreach (var (container, images) in imagesOf)
        {
            var pod = walk.First(container, EdgeTypes.HasContainer, EdgeDirection.Incoming, (p, current) =>
                current && topology.IsCurrent(p) && !RuntimeResolver.IsFinished(topology.TagOf(p)));
            if (pod is { } p)
            {
                instances.Add(new Instance(container, strongest.GetValueOrDefault(container, images[0]), p, TopWorkload(walk, p)));
            }
        }

        return instances;
    }

    private static int? TopWorkload(TopologyWalk walk, int pod)
    {
        var top = walk.First(pod, EdgeTypes.OwnedBy, EdgeDirection.Outgoing, (_, current) => current);
        for (var level = 0; level < RuntimeResolver.OwnerLevels && top is { } owner; level++)
        {
            if (walk.First(owner, EdgeTypes.OwnedBy, EdgeDirection.Outgoing, (_, _) => true) is not { } above)
            {
                break;
            }

            top = above;
        }

        return top;
    }
}
