using k8s.Models;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Kubernetes.Parse;

namespace Tether.Kubernetes.Normalize;

/// <summary>
/// Turns the objects of one cluster into graph facts: cluster → namespace → pod / workload / service / ingress /
/// network policy / service account; pod → container → image (by manifest digest); owner, selector, routing and
/// identity links. Every edge carries the batch's collector and time, a method (<c>kubernetes-api</c> for object
/// fields, <c>label-selector</c> for selections) and the object's uid (or file digest and item) as document.
/// </summary>
public static class KubernetesNormalizer
{
    /// <summary>
    /// Adds the facts of <paramref name="items"/> to <paramref name="batch"/>.
    /// <paramref name="knownSelectors"/> are Services and NetworkPolicies already stored (not re-added) whose
    /// selectors are applied to the pods in <paramref name="items"/> — used by the watch, which sees pods only.
    /// </summary>
    public static NormalizeResult Normalize(
        ClusterFacts cluster,
        IEnumerable<KubernetesItem> items,
        GraphBatch batch,
        IEnumerable<KubernetesItem>? knownSelectors = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(batch);
        var graph = new RuntimeGraphBuilder(batch, cluster.Name);
        graph.Add(cluster);

        var all = items.ToList();
        var counts = all.GroupBy(i => i.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        // Full objects first, so references to them (owners, namespaces, accounts) find them instead of making placeholders.
        foreach (var item in all)
        {
            if (item.Object is V1Namespace ns)
            {
                WorkloadFactsReader.ReadNamespace(graph, item, ns);
            }
        }

        foreach (var item in all.Where(i => SupportedKinds.WorkloadKinds.Contains(i.Kind)))
        {
            WorkloadFactsReader.ReadWorkload(graph, item);
        }

        foreach (var item in all)
        {
            if (item.Object is V1ServiceAccount account)
            {
                WorkloadFactsReader.ReadServiceAccount(graph, item, account);
            }
        }

        foreach (var item in all.Where(i => SupportedKinds.WorkloadKinds.Contains(i.Kind)))
        {
            WorkloadFactsReader.LinkOwners(graph, item, new NodeRef(NodeKinds.Workload, WorkloadFacts.KeyOf(cluster.Name, item.Namespace, item.Kind, item.Name)));
        }

        var pods = new List<(KubernetesItem Item, PodFacts Facts)>();
        foreach (var item in all)
        {
            if (item.Object is V1Pod pod)
            {
                var facts = PodFactsReader.Read(graph, item, pod);
                WorkloadFactsReader.LinkOwners(graph, item, facts.Ref);
                pods.Add((item, facts));
            }
        }

        var podsByNamespace = pods.ToLookup(p => p.Facts.Namespace, StringComparer.Ordinal);
        var services = new HashSet<NodeRef>();
        foreach (var item in all)
        {
            switch (item.Object)
            {
                case V1Service service:
                    var serviceFacts = ExposureFactsReader.ReadService(graph, item, service);
                    services.Add(serviceFacts.Ref);
                    LinkService(graph, item, serviceFacts.Ref, service, podsByNamespace);
                    break;
                case V1NetworkPolicy policy:
                    var policyFacts = ExposureFactsReader.ReadNetworkPolicy(graph, item, policy);
                    LinkPolicy(graph, item, policyFacts.Ref, policy, podsByNamespace);
                    break;
            }
        }

        foreach (var item in all)
        {
            if (item.Object is V1Ingress ingress)
            {
                ExposureFactsReader.ReadIngress(graph, item, ingress, services);
            }
        }

        var gateways = new HashSet<NodeRef>();
        foreach (var item in all)
        {
            if (item.Object is GatewayObject gateway)
            {
                gateways.Add(GatewayFactsReader.ReadGateway(graph, item, gateway).Ref);
            }
        }

        foreach (var item in all)
        {
            if (item.Object is GatewayRouteObject route)
            {
                GatewayFactsReader.ReadRoute(graph, item, route, gateways, services);
            }
        }

        foreach (var item in knownSelectors ?? [])
        {
            switch (item.Object)
            {
                case V1Service service:
                    LinkService(graph, item, new NodeRef(NodeKinds.Service, new ServiceFacts(cluster.Name, item.Namespace, item.Name).Key), service, podsByNamespace);
                    break;
                case V1NetworkPolicy policy:
                    LinkPolicy(graph, item, new NodeRef(NodeKinds.NetworkPolicy, new NetworkPolicyFacts(cluster.Name, item.Namespace, item.Name).Key), policy, podsByNamespace);
                    break;
            }
        }

        return new NormalizeResult(counts, graph.Unresolved);
    }

    private static void LinkService(
        RuntimeGraphBuilder graph, KubernetesItem item, NodeRef service, V1Service spec, ILookup<string, (KubernetesItem Item, PodFacts Facts)> pods)
    {
        foreach (var (_, pod) in pods[item.Namespace])
        {
            if (LabelSelectors.ServiceSelects(spec.Spec?.Selector, pod.Labels))
            {
                graph.Link(service, EdgeTypes.Selects, pod.Ref, EvidenceMethods.LabelSelector, RuntimeGraphBuilder.Certain, item.Document);
            }
        }
    }

    private static void LinkPolicy(
        RuntimeGraphBuilder graph, KubernetesItem item, NodeRef policy, V1NetworkPolicy spec, ILookup<string, (KubernetesItem Item, PodFacts Facts)> pods)
    {
        foreach (var (_, pod) in pods[item.Namespace])
        {
            if (LabelSelectors.Matches(spec.Spec?.PodSelector ?? new V1LabelSelector(), pod.Labels))
            {
                graph.Link(policy, EdgeTypes.Selects, pod.Ref, EvidenceMethods.LabelSelector, RuntimeGraphBuilder.Certain, item.Document);
            }
        }
    }
}
