using Tether.Core.Model;

namespace Tether.Core.Trace;

/// <summary>
/// Whether a Service is reachable from the internet. LoadBalancer and NodePort services and external IPs
/// are, unless a cloud annotation makes the load balancer internal.
/// </summary>
public static class ExposureRules
{
    private static readonly (string Key, string Value)[] InternalLoadBalancer =
    [
        ("service.beta.kubernetes.io/azure-load-balancer-internal", "true"),
        ("service.beta.kubernetes.io/aws-load-balancer-internal", "true"),
        ("service.beta.kubernetes.io/aws-load-balancer-scheme", "internal"),
        ("networking.gke.io/load-balancer-type", "internal"),
        ("cloud.google.com/load-balancer-type", "internal"),
        ("service.beta.kubernetes.io/oci-load-balancer-internal", "true"),
    ];

    public static bool IsInternetFacing(ServiceFacts service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!service.ExternallyReachable && service.Type is not ("LoadBalancer" or "NodePort"))
        {
            return false;
        }

        if (service.Type == "LoadBalancer" && service.Annotations is { } annotations && InternalAnnotation(annotations) is not null)
        {
            return false;
        }

        return true;
    }

    /// <summary>The cloud "internal load balancer" annotation present (<c>key=value</c>), or null.</summary>
    public static string? InternalAnnotation(IReadOnlyDictionary<string, string> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        foreach (var (key, expected) in InternalLoadBalancer)
        {
            if (annotations.TryGetValue(key, out var value) && string.Equals(value, expected, StringComparison.OrdinalIgnoreCase))
            {
                return $"{key}={value}";
            }
        }

        return null;
    }
}
