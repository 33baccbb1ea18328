using k8s;
using k8s.Models;
using Tether.Core.Errors;

namespace Tether.Kubernetes.Parse;

/// <summary>
/// The API server's rules for the names that become parts of node keys (<c>{cluster}/{namespace}/{pod}/{container}</c>):
/// a file can hold anything, and a '/' in a name would make two objects share a key (namespace <c>a/b</c> with pod
/// <c>c</c>, namespace <c>a</c> with pod <c>b/c</c>) and let a snapshot end the wrong nodes. Rules per kind as in
/// Kubernetes' validation: namespaces and container names are DNS-1123 labels, Services labels too, most other
/// objects DNS-1123 subdomains, CronJobs at most 52 characters.
/// </summary>
internal static class ObjectNames
{
    private const int MaxLabel = 63;
    private const int MaxSubdomain = 253;

    /// <summary>The CronJob controller appends 11 characters to make Job names, which must fit in 63.</summary>
    private const int MaxCronJob = 52;

    private const string LabelRule = "must be a DNS-1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit.";
    private const string SubdomainRule = "must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit.";

    /// <summary>Throws an <see cref="InputException"/> naming the field when a name or namespace breaks its kind's rule.</summary>
    public static void Validate(IKubernetesObject<V1ObjectMeta> obj, string kind, string source, string location)
    {
        var meta = obj.Metadata ?? new V1ObjectMeta();
        // Services are DNS-1035 labels (a letter first); Kubernetes 1.34's RelaxedServiceNameValidation allows a
        // digit first too, so the looser DNS-1123 label is what a valid Service can have.
        var nameIsLabel = kind is SupportedKinds.Namespace or SupportedKinds.Service;
        Require(meta.Name, nameIsLabel, source, $"{location}.metadata.name");
        if (kind == SupportedKinds.CronJob && meta.Name!.Length > MaxCronJob)
        {
            throw new InputException(source, $"{location}.metadata.name", $"must be at most {MaxCronJob} characters for a CronJob.");
        }

        // An empty namespace means "default", as kubectl reads it; a Namespace object has none.
        if (kind != SupportedKinds.Namespace && !string.IsNullOrEmpty(meta.NamespaceProperty))
        {
            Require(meta.NamespaceProperty, label: true, source, $"{location}.metadata.namespace");
        }

        var owners = meta.OwnerReferences ?? [];
        for (var i = 0; i < owners.Count; i++)
        {
            // Only owners Tether makes workload nodes of; other kinds are never keyed.
            if (owners[i].Kind is { } ownerKind && SupportedKinds.WorkloadKinds.Contains(ownerKind))
            {
                Require(owners[i].Name, label: false, source, $"{location}.metadata.ownerReferences[{i}].name");
            }
        }

        if (obj is V1Pod pod)
        {
            ValidatePod(pod, source, location);
        }

        if (obj is GatewayRouteObject route)
        {
            ValidateRoute(route, source, location);
        }
    }

    /// <summary>Gateway and Service names in a route become keys too; the Gateway API's CRD validation has the same rules.</summary>
    private static void ValidateRoute(GatewayRouteObject route, string source, string location)
    {
        var parents = route.Spec?.ParentRefs ?? [];
        for (var i = 0; i < parents.Count; i++)
        {
            Require(parents[i].Name, label: false, source, $"{location}.spec.parentRefs[{i}].name");
            if (!string.IsNullOrEmpty(parents[i].Namespace))
            {
                Require(parents[i].Namespace, label: true, source, $"{location}.spec.parentRefs[{i}].namespace");
            }
        }

        var rules = route.Spec?.Rules ?? [];
        for (var r = 0; r < rules.Count; r++)
        {
            var backends = rules[r].BackendRefs ?? [];
            for (var b = 0; b < backends.Count; b++)
            {
                Require(backends[b].Name, label: false, source, $"{location}.spec.rules[{r}].backendRefs[{b}].name");
                if (!string.IsNullOrEmpty(backends[b].Namespace))
                {
                    Require(backends[b].Namespace, label: true, source, $"{location}.spec.rules[{r}].backendRefs[{b}].namespace");
                }
            }
        }
    }

    private static void ValidatePod(V1Pod pod, string source, string location)
    {
        Containers(pod.Spec?.Containers?.Select(c => c.Name), source, $"{location}.spec.containers");
        Containers(pod.Spec?.InitContainers?.Select(c => c.Name), source, $"{location}.spec.initContainers");
        Containers(pod.Status?.ContainerStatuses?.Select(s => s.Name), source, $"{location}.status.containerStatuses");
        Containers(pod.Status?.InitContainerStatuses?.Select(s => s.Name), source, $"{location}.status.initContainerStatuses");
        if (!string.IsNullOrEmpty(pod.Spec?.ServiceAccountName))
        {
            Require(pod.Spec.ServiceAccountName, label: false, source, $"{location}.spec.serviceAccountName");
        }

        if (!string.IsNullOrEmpty(pod.Spec?.ServiceAccount))
        {
            Require(pod.Spec.ServiceAccount, label: false, source, $"{location}.spec.serviceAccount");
        }
    }

    private static void Containers(IEnumerable<string>? names, string source, string location)
    {
        var index = 0;
        foreach (var name in names ?? [])
        {
            Require(name, label: true, source, $"{location}[{index++}].name");
        }
    }

    private static void Require(string? name, bool label, string source, string field)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InputException(source, field, "is required.");
        }

        if (label ? !IsLabel(name) : !IsSubdomain(name))
        {
            throw new InputException(source, field, label ? LabelRule : SubdomainRule);
        }
    }

    public static bool IsLabel(string name) => name.Length <= MaxLabel && IsLabelPart(name);

    /// <summary>Labels joined by '.'; Kubernetes bounds the whole name, not each part.</summary>
    public static bool IsSubdomain(string name) => name.Length <= MaxSubdomain && name.Split('.').All(IsLabelPart);

    private static bool IsLabelPart(string part) =>
        part.Length > 0
        && IsAlphanumeric(part[0])
        && IsAlphanumeric(part[^1])
        && part.All(c => IsAlphanumeric(c) || c == '-');

    private static bool IsAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
