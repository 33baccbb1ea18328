using System.Globalization;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Kubernetes.Parse;

namespace Tether.Kubernetes.Normalize;

/// <summary>
/// Gateway API: Gateways, and routes (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute) with <c>attaches_to</c> links to the
/// Gateways of their parentRefs and <c>routes_to</c> links to the Services of their backendRefs. Whether a Gateway is
/// internet-facing is decided at analysis time (<see cref="Core.Risk.GatewayExposureRules"/>), from the facts kept here.
/// </summary>
internal static class GatewayFactsReader
{
    public static GatewayFacts ReadGateway(RuntimeGraphBuilder graph, KubernetesItem item, GatewayObject gateway)
    {
        var spec = gateway.Spec;
        var listeners = (spec?.Listeners ?? [])
            .Select(l => $"{l.Name} {l.Protocol}/{l.Port?.ToString(CultureInfo.InvariantCulture)}{(string.IsNullOrEmpty(l.Hostname) ? "" : " " + l.Hostname)}".Trim())
            .ToList();
        var addresses = (spec?.Addresses ?? []).Concat(gateway.Status?.Addresses ?? [])
            .Select(a => a.Value?.Trim()).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!)
            .Distinct(StringComparer.Ordinal).ToList();
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in (gateway.Metadata?.Annotations ?? new Dictionary<string, string>()).Concat(spec?.Infrastructure?.Annotations ?? new Dictionary<string, string>()))
        {
            annotations[key] = value;
        }

        var facts = graph.Add(new GatewayFacts(graph.Cluster, item.Namespace, item.Name)
        {
            Uid = Metadata.Uid(gateway.Metadata),
            GatewayClass = string.IsNullOrWhiteSpace(spec?.GatewayClassName) ? null : spec.GatewayClassName,
            Listeners = listeners.Count > 0 ? listeners : null,
            Addresses = addresses.Count > 0 ? addresses : null,
            Annotations = annotations.Count > 0 ? annotations : null,
        });
        graph.Api(graph.Namespace(item.Namespace, item.Document), EdgeTypes.Contains, facts.Ref, item.Document);
        return facts;
    }

    public static void ReadRoute(RuntimeGraphBuilder graph, KubernetesItem item, GatewayRouteObject route, IReadOnlySet<NodeRef> gateways, IReadOnlySet<NodeRef> services)
    {
        var spec = route.Spec;
        // parentRefs default to group gateway.networking.k8s.io, kind Gateway, the route's namespace.
        var parents = (spec?.ParentRefs ?? [])
            .Where(p => (p.Group ?? SupportedKinds.GatewayApiGroup) == SupportedKinds.GatewayApiGroup && (p.Kind ?? SupportedKinds.Gateway) == SupportedKinds.Gateway && !string.IsNullOrEmpty(p.Name))
            .Select(p => (Namespace: string.IsNullOrEmpty(p.Namespace) ? item.Namespace : p.Namespace, Name: p.Name!, p.SectionName))
            .ToList();
        // backendRefs default to the core group, kind Service, the route's namespace (another namespace needs a ReferenceGrant there).
        var backends = (spec?.Rules ?? []).SelectMany(r => r.BackendRefs ?? [])
            .Where(b => string.IsNullOrEmpty(b.Group) && (b.Kind ?? "Service") == "Service" && !string.IsNullOrEmpty(b.Name))
            .Select(b => (Namespace: string.IsNullOrEmpty(b.Namespace) ? item.Namespace : b.Namespace, Name: b.Name!, b.Port))
            .ToList();
        var hostnames = (spec?.Hostnames ?? []).Where(h => !string.IsNullOrWhiteSpace(h)).Distinct(StringComparer.Ordinal).ToList();
        var facts = graph.Add(new GatewayRouteFacts(graph.Cluster, item.Namespace, item.Kind, item.Name)
        {
            Uid = Metadata.Uid(route.Metadata),
            Hostnames = hostnames.Count > 0 ? hostnames : null,
            Parents = parents.Count > 0 ? [.. parents.Select(p => $"{p.Namespace}/{p.Name}" + (p.SectionName is null ? "" : "/" + p.SectionName)).Distinct(StringComparer.Ordinal)] : null,
            Backends = backends.Count > 0 ? [.. backends.Select(b => $"{b.Namespace}/{b.Name}:{b.Port?.ToString(CultureInfo.InvariantCulture)}").Distinct(StringComparer.Ordinal)] : null,
        });
        graph.Api(graph.Namespace(item.Namespace, item.Document), EdgeTypes.Contains, facts.Ref, item.Document);

        foreach (var (ns, name) in parents.Select(p => (p.Namespace, p.Name)).Distinct())
        {
            var gateway = new NodeRef(NodeKinds.Gateway, GatewayFacts.KeyOf(graph.Cluster, ns, name));
            if (gateways.Contains(gateway))
            {
                graph.Api(facts.Ref, EdgeTypes.AttachesTo, gateway, item.Document);
            }
            else
            {
                graph.Unresolved.Add($"{item.Kind} {item.Namespace}/{item.Name} attaches to Gateway {ns}/{name}, which is not in the input.");
            }
        }

        foreach (var (ns, name) in backends.Select(b => (b.Namespace, b.Name)).Distinct())
        {
            var service = new NodeRef(NodeKinds.Service, new ServiceFacts(graph.Cluster, ns, name).Key);
            if (services.Contains(service))
            {
                graph.Api(facts.Ref, EdgeTypes.RoutesTo, service, item.Document);
            }
            else
            {
                graph.Unresolved.Add($"{item.Kind} {item.Namespace}/{item.Name} routes to Service {ns}/{name}, which is not in the input.");
            }
        }
    }
}
