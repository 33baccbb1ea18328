using System.Globalization;
using k8s.Models;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Kubernetes.Parse;

namespace Tether.Kubernetes.Normalize;

/// <summary>How pods are reached: Services (and whether from outside the cluster), Ingresses, NetworkPolicies.</summary>
internal static class ExposureFactsReader
{
    public static ServiceFacts ReadService(RuntimeGraphBuilder graph, KubernetesItem item, V1Service service)
    {
        var spec = service.Spec;
        // The API server defaults an unset type to ClusterIP; a manifest without one means the same.
        var type = string.IsNullOrEmpty(spec?.Type) ? "ClusterIP" : spec.Type;
        var externalIps = spec?.ExternalIPs?.Where(ip => !string.IsNullOrWhiteSpace(ip)).ToList() ?? [];
        var addresses = externalIps
            .Concat(LoadBalancerAddresses(service.Status?.LoadBalancer?.Ingress))
            .Append(type == "LoadBalancer" ? spec?.LoadBalancerIP : null)
            .Where(a => !string.IsNullOrWhiteSpace(a))
            .Select(a => a!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var facts = graph.Add(new ServiceFacts(graph.Cluster, item.Namespace, item.Name)
        {
            Type = type,
            Selector = spec?.Selector is { Count: > 0 } selector ? new SortedDictionary<string, string>(selector, StringComparer.Ordinal) : null,
            Ports = spec?.Ports is { Count: > 0 } ports ? ports.Select(Describe).ToList() : null,
            ExternalAddresses = addresses.Count > 0 ? addresses : null,
            Annotations = Metadata.Annotations(service.Metadata),
            ExternallyReachable = type is "LoadBalancer" or "NodePort" || externalIps.Count > 0,
        });
        graph.Api(graph.Namespace(item.Namespace, item.Document), EdgeTypes.Contains, facts.Ref, item.Document);
        return facts;
    }

    public static void ReadIngress(RuntimeGraphBuilder graph, KubernetesItem item, V1Ingress ingress, IReadOnlySet<NodeRef> services)
    {
        var spec = ingress.Spec;
        var backends = new List<V1IngressServiceBackend>();
        if (spec?.DefaultBackend?.Service is { } defaultBackend)
        {
            backends.Add(defaultBackend);
        }

        backends.AddRange((spec?.Rules ?? []).SelectMany(r => r.Http?.Paths ?? []).Select(p => p.Backend?.Service).OfType<V1IngressServiceBackend>());
        var hosts = (spec?.Rules ?? []).Select(r => r.Host)
            .Concat((spec?.Tls ?? []).SelectMany(t => t.Hosts ?? []))
            .Where(h => !string.IsNullOrWhiteSpace(h))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var addresses = (ingress.Status?.LoadBalancer?.Ingress ?? []).Select(i => string.IsNullOrEmpty(i.Ip) ? i.Hostname : i.Ip).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!).Distinct(StringComparer.Ordinal).ToList();
        var described = backends.Where(b => !string.IsNullOrEmpty(b.Name)).Select(Describe).Distinct(StringComparer.Ordinal).ToList();
        string? legacyClass = null;
        ingress.Metadata?.Annotations?.TryGetValue("kubernetes.io/ingress.class", out legacyClass);
        var facts = graph.Add(new IngressFacts(graph.Cluster, item.Namespace, item.Name)
        {
            IngressClass = string.IsNullOrEmpty(spec?.IngressClassName) ? legacyClass : spec.IngressClassName,
            Hosts = hosts.Count > 0 ? hosts : null,
            Tls = spec?.Tls is { Count: > 0 },
            LoadBalancerAddresses = addresses.Count > 0 ? addresses : null,
            Annotations = Metadata.Annotations(ingress.Metadata),
            Backends = described.Count > 0 ? described : null,
        });
        graph.Api(graph.Namespace(item.Namespace, item.Document), EdgeTypes.Contains, facts.Ref, item.Document);

        foreach (var name in backends.Select(b => b.Name).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal))
        {
            var service = new NodeRef(NodeKinds.Service, new ServiceFacts(graph.Cluster, item.Namespace, name).Key);
            if (services.Contains(service))
            {
                graph.Api(facts.Ref, EdgeTypes.RoutesTo, service, item.Document);
            }
            else
            {
                // No placeholder: a bare ServiceFacts would store ExternallyReachable=false over what is known.
                graph.Unresolved.Add($"Ingress {item.Namespace}/{item.Name} routes to Service {name}, which is not in the input.");
            }
        }
    }

    public static NetworkPolicyFacts ReadNetworkPolicy(RuntimeGraphBuilder graph, KubernetesItem item, V1NetworkPolicy policy)
    {
        var spec = policy.Spec;
        // Kubernetes: without policyTypes a policy is an Ingress policy, and an Egress one too when it has egress rules.
        var types = spec?.PolicyTypes is { Count: > 0 } declared
            ? declared.ToList()
            : spec?.Egress is { Count: > 0 } ? ["Ingress", "Egress"] : ["Ingress"];
        var facts = graph.Add(new NetworkPolicyFacts(graph.Cluster, item.Namespace, item.Name)
        {
            PodSelector = new SortedDictionary<string, string>(spec?.PodSelector?.MatchLabels ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            PodSelectorExpressions = LabelSelectors.Describe(spec?.PodSelector),
            PolicyTypes = types,
            // A rule without "from" (or with an empty one) admits every source.
            AllowsAllIngress = types.Contains("Ingress") && (spec?.Ingress ?? []).Any(rule => rule.FromProperty is null || rule.FromProperty.Count == 0),
        });
        graph.Api(graph.Namespace(item.Namespace, item.Document), EdgeTypes.Contains, facts.Ref, item.Document);
        return facts;
    }

    private static IEnumerable<string> LoadBalancerAddresses(IEnumerable<V1LoadBalancerIngress>? ingress) =>
        (ingress ?? []).Select(i => string.IsNullOrEmpty(i.Ip) ? i.Hostname : i.Ip).Where(a => !string.IsNullOrWhiteSpace(a))!;

    /// <summary><c>https 443/TCP -> 8443 nodePort 31885</c>.</summary>
    private static string Describe(V1ServicePort port)
    {
        var text = $"{port.Port.ToString(CultureInfo.InvariantCulture)}/{port.Protocol ?? "TCP"}";
        if (!string.IsNullOrEmpty(port.Name))
        {
            text = port.Name + " " + text;
        }

        if (port.TargetPort is { } target && !string.IsNullOrEmpty(target.Value))
        {
            text += " -> " + target.Value;
        }

        if (port.NodePort is { } nodePort)
        {
            text += " nodePort " + nodePort.ToString(CultureInfo.InvariantCulture);
        }

        return text;
    }

    private static string Describe(V1IngressServiceBackend backend) =>
        backend.Name + ":" + (backend.Port?.Number?.ToString(CultureInfo.InvariantCulture) ?? backend.Port?.Name ?? "");
}
