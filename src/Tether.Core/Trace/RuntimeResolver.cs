using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Risk;

namespace Tether.Core.Trace;

/// <summary>
/// RUNTIME layer: every current container running any digest of the image family, with its pod,
/// top-level workload, environment, data classification, exposure, privilege and identity.
/// </summary>
internal static class RuntimeResolver
{
    /// <summary>Owner levels followed above a pod's direct owner (ReplicaSet → Deployment, Job → CronJob, and a margin).</summary>
    public const int OwnerLevels = 4;

    public static async Task<IReadOnlyList<RuntimeInstance>> ResolveAsync(GraphReader graph, IReadOnlyList<StoredNode> family, RiskSettings? settings = null)
    {
        settings ??= RiskSettings.Default;
        // One entry per container, however many digests of the family it is linked to (spec pin and imageID).
        var runs = (await graph.FollowAsync(family, EdgeDirection.Incoming, EdgeTypes.RunsImage).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent && h.IsCurrentFor(h.Node))
            .GroupBy(h => h.Node.Id)
            .Select(g => g.Strongest().First())
            .ToList();
        if (runs.Count == 0)
        {
            return [];
        }

        var containerToPod = (await graph.FollowAsync(runs.Select(r => r.Node), EdgeDirection.Incoming, EdgeTypes.HasContainer).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent && h.IsCurrentFor(h.Node) && IsRunning(graph, h.Node))
            .GroupBy(h => h.Origin.Id)
            .ToDictionary(g => g.Key, g => g.First().Node);
        var pods = containerToPod.Values.DistinctBy(p => p.Id).ToList();

        var workloads = await TopWorkloadsAsync(graph, pods).ConfigureAwait(false);
        var exposure = await ExposureAsync(graph, pods).ConfigureAwait(false);
        var namespaceHops = (await graph.FollowAsync(pods, EdgeDirection.Incoming, EdgeTypes.Contains).ConfigureAwait(false))
            .Where(h => h.Node.Kind == NodeKinds.Namespace)
            .ToList();
        var namespaces = namespaceHops.GroupBy(h => h.Origin.Id).ToDictionary(g => g.Key, g => graph.Facts<NamespaceFacts>(g.First().Node));
        var clusters = (await graph.FollowAsync(namespaceHops.Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Incoming, EdgeTypes.Contains).ConfigureAwait(false))
            .Where(h => h.Node.Kind == NodeKinds.Cluster)
            .GroupBy(h => h.Origin.Key).ToDictionary(g => g.Key, g => graph.Facts<ClusterFacts>(g.First().Node));
        var accountHops = (await graph.FollowAsync(pods, EdgeDirection.Outgoing, EdgeTypes.RunsAs).ConfigureAwait(false))
            .Where(h => h.IsCurrentFor(h.Origin))
            .GroupBy(h => h.Origin.Id).ToDictionary(g => g.Key, g => g.First());
        var accounts = accountHops.ToDictionary(p => p.Key, p => graph.Facts<ServiceAccountFacts>(p.Value.Node));
        var identities = await IdentityResolver.ResolveAsync(graph, accountHops.Values.Select(h => h.Node).DistinctBy(n => n.Id).ToList(), settings).ConfigureAwait(false);

        var result = new List<RuntimeInstance>(runs.Count);
        foreach (var run in runs)
        {
            if (!containerToPod.TryGetValue(run.Node.Id, out var podNode))
            {
                continue;
            }

            var container = graph.Facts<ContainerFacts>(run.Node);
            var pod = graph.Facts<PodFacts>(podNode);
            var ns = namespaces.GetValueOrDefault(podNode.Id);
            var cluster = clusters.GetValueOrDefault($"{pod.Cluster}/{pod.Namespace}");
            var (environmentName, environmentSource) = settings.Environments.Resolve(pod, ns, cluster);
            var classification = settings.Data.Find(pod, ns);
            var account = accounts.GetValueOrDefault(podNode.Id);
            IdentityView? identity = null;
            if (accountHops.TryGetValue(podNode.Id, out var accountHop) && identities.TryGetValue(accountHop.Node.Id, out var bound))
            {
                identity = bound with
                {
                    Held = WorkloadIdentityRules.PodReceives(bound.Provider, pod.Labels),
                    KubernetesTokenMounted = WorkloadIdentityRules.TokenAutomounted(pod.AutomountServiceAccountToken, account?.AutomountToken),
                };
            }

            // Recommendations keep an entry per container of every running image: the names many entries repeat are
            // shared (GraphReader.Shared), not one copy per pod's decoded facts or per edge read.
            var evidence = run.Evidence("container runs image");
            result.Add(new RuntimeInstance(
                graph.Shared(pod.Cluster),
                graph.Shared(pod.Namespace),
                pod.Name,
                graph.Shared(container.Name),
                workloads.GetValueOrDefault(podNode.Id),
                graph.Shared(pod.NodeName),
                graph.Shared(environmentName),
                graph.Shared(environmentSource),
                graph.Shared(classification?.Value.Trim().ToLowerInvariant()),
                exposure.GetValueOrDefault(podNode.Id) ?? [],
                new PrivilegeView(container.Privileged, container.RunAsRoot, pod.HostNetwork, pod.HostPid, pod.HostIpc, container.AddedCapabilities ?? [])
                {
                    AllowPrivilegeEscalation = container.AllowPrivilegeEscalation,
                    HostPathMounts = container.HostPathMounts ?? [],
                },
                graph.Shared(pod.ServiceAccount),
                account?.CloudIdentity,
                run.Origin.Key,
                evidence with { Method = graph.Shared(evidence.Method), Collector = graph.Shared(evidence.Collector) })
            {
                DataSensitivity = settings.Data.LevelOf(classification?.Value),
                Identity = identity,
            });
        }

        return result
            .OrderBy(r => r.Cluster, StringComparer.Ordinal)
            .ThenBy(r => r.Namespace, StringComparer.Ordinal)
            .ThenBy(r => r.Pod, StringComparer.Ordinal)
            .ThenBy(r => r.Container, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Follows ownerReferences up to the top (Pod → ReplicaSet → Deployment, Pod → Job → CronJob).</summary>
    private static async Task<Dictionary<long, WorkloadView>> TopWorkloadsAsync(GraphReader graph, IReadOnlyList<StoredNode> pods)
    {
        var top = (await graph.FollowAsync(pods, EdgeDirection.Outgoing, EdgeTypes.OwnedBy).ConfigureAwait(false))
            .Where(h => h.IsCurrentFor(h.Origin))
            .GroupBy(h => h.Origin.Id).ToDictionary(g => g.Key, g => g.First().Node);
        for (var level = 0; level < OwnerLevels && top.Count > 0; level++)
        {
            var owners = (await graph.FollowAsync(top.Values.DistinctBy(n => n.Id), EdgeDirection.Outgoing, EdgeTypes.OwnedBy).ConfigureAwait(false))
                .GroupBy(h => h.Origin.Id).ToDictionary(g => g.Key, g => g.First().Node);
            if (owners.Count == 0)
            {
                break;
            }

            foreach (var (pod, workload) in top.ToList())
            {
                if (owners.TryGetValue(workload.Id, out var owner))
                {
                    top[pod] = owner;
                }
            }
        }

        return top.ToDictionary(p => p.Key, p =>
        {
            var facts = graph.Facts<WorkloadFacts>(p.Value);
            return new WorkloadView(facts.WorkloadKind, facts.Name, facts.Replicas);
        });
    }

    /// <summary>Services that select the pod and are reachable from outside, and Ingresses routing to them.</summary>
    internal static async Task<Dictionary<long, List<ExposureView>>> ExposureAsync(GraphReader graph, IReadOnlyList<StoredNode> pods)
    {
        var exposure = new Dictionary<long, List<ExposureView>>();
        // A stored `selects` edge may predate a selector or label change: the current selector decides.
        var selecting = (await graph.FollowAsync(pods, EdgeDirection.Incoming, EdgeTypes.Selects).ConfigureAwait(false))
            .Where(h => h.Node.Kind == NodeKinds.Service && h.Node.IsCurrent
                && Selects(graph.Facts<ServiceFacts>(h.Node).Selector, graph.Facts<PodFacts>(h.Origin).Labels))
            .ToList();
        var routing = (await graph.FollowAsync(selecting.Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Incoming, EdgeTypes.RoutesTo).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent)
            .ToList();
        var ingresses = routing.Where(h => h.Node.Kind == NodeKinds.Ingress).ToLookup(h => h.Origin.Id, h => graph.Facts<IngressFacts>(h.Node));
        var routes = routing.Where(h => h.Node.Kind == NodeKinds.GatewayRoute).ToList();
        var gateways = (await graph.FollowAsync(routes.Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Outgoing, EdgeTypes.AttachesTo).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent && h.Node.Kind == NodeKinds.Gateway)
            .ToLookup(h => h.Origin.Id, h => graph.Facts<GatewayFacts>(h.Node));
        var gatewayExposure = routes
            .SelectMany(r => gateways[r.Node.Id].Where(GatewayExposureRules.IsInternetFacing).Select(g => (Service: r.Origin.Id, Route: graph.Facts<GatewayRouteFacts>(r.Node), Gateway: g)))
            .ToLookup(x => x.Service);

        foreach (var hop in selecting)
        {
            var service = graph.Facts<ServiceFacts>(hop.Node);
            var list = exposure.TryGetValue(hop.Origin.Id, out var existing) ? existing : exposure[hop.Origin.Id] = [];
            if (ExposureRules.IsInternetFacing(service))
            {
                var addresses = service.ExternalAddresses is { Count: > 0 } a ? " " + string.Join(",", a) : "";
                list.Add(new ExposureView($"Service/{service.Type}", $"{service.Namespace}/{service.Name}", $"{string.Join(",", service.Ports ?? [])}{addresses}".Trim()));
            }

            foreach (var ingress in ingresses[hop.Node.Id])
            {
                list.Add(new ExposureView("Ingress", $"{ingress.Namespace}/{ingress.Name}", string.Join(",", ingress.Hosts ?? ["*"]) + (ingress.Tls ? " (TLS)" : "")));
            }

            foreach (var (_, route, gateway) in gatewayExposure[hop.Node.Id])
            {
                var addresses = gateway.Addresses is { Count: > 0 } a ? " " + string.Join(",", a) : "";
                list.Add(new ExposureView(
                    $"Gateway/{route.RouteKind}",
                    $"{gateway.Namespace}/{gateway.Name} → {route.Namespace}/{route.Name}",
                    (string.Join(",", route.Hostnames ?? ["*"]) + addresses).Trim()));
            }
        }

        foreach (var pod in pods)
        {
            var facts = graph.Facts<PodFacts>(pod);
            if (facts.HostPorts is { Count: > 0 } ports)
            {
                var list = exposure.TryGetValue(pod.Id, out var existing) ? existing : exposure[pod.Id] = [];
                list.Add(new ExposureView("HostPort", $"{facts.Namespace}/{facts.Name}", string.Join(",", ports)));
            }

            // On the host network every port the pod listens on is open on the node's addresses.
            if (facts.HostNetwork)
            {
                var list = exposure.TryGetValue(pod.Id, out var existing) ? existing : exposure[pod.Id] = [];
                list.Add(new ExposureView("HostNetwork", $"{facts.Namespace}/{facts.Name}", facts.NodeName is { } node ? "node " + node : "node network"));
            }
        }

        return exposure.ToDictionary(p => p.Key, p => p.Value.Distinct().ToList());
    }

    /// <summary>Pods that finished (Succeeded, Failed — e.g. evicted) run nothing any more.</summary>
    public static bool IsRunning(GraphReader graph, StoredNode pod) => !IsFinished(graph.Facts<PodFacts>(pod).Phase);

    /// <summary>The phase of a pod that runs nothing any more.</summary>
    public static bool IsFinished(string? phase) => phase is "Succeeded" or "Failed";

    private static bool Selects(IReadOnlyDictionary<string, string>? selector, IReadOnlyDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null
        && selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);
}
