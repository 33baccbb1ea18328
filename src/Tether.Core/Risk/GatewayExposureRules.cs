using System.Net;
using System.Net.Sockets;
using Tether.Core.Model;

namespace Tether.Core.Risk;

/// <summary>
/// Whether a Gateway API Gateway is reachable from the internet (docs/priority.md). A Gateway is internal when
/// <list type="number">
/// <item>its annotations or spec.infrastructure.annotations carry a cloud internal load balancer annotation (the same
/// ones as for Services, <see cref="Trace.ExposureRules"/>), or</item>
/// <item>its GatewayClass is an internal one: GKE's <c>gke-l7-rilb</c>, <c>gke-l7-rilb-mc</c>,
/// <c>gke-l7-cross-regional-internal-managed(-mc)</c>, or any class whose name contains <c>internal</c> or
/// <c>private</c>, or</item>
/// <item>it has addresses and every one is a private, loopback, link-local or shared (100.64/10) IP address.</item>
/// </list>
/// Otherwise it is internet-facing: a Gateway exists to take traffic from outside the cluster, so without a sign of
/// the contrary Tether assumes it does.
/// </summary>
public static class GatewayExposureRules
{
    private static readonly HashSet<string> InternalClasses = new(StringComparer.OrdinalIgnoreCase)
    {
        "gke-l7-rilb", "gke-l7-rilb-mc", "gke-l7-cross-regional-internal-managed", "gke-l7-cross-regional-internal-managed-mc",
    };

    public static bool IsInternetFacing(GatewayFacts gateway) => InternalBecause(gateway) is null;

    /// <summary>Why the gateway is internal, or null when it is internet-facing.</summary>
    public static string? InternalBecause(GatewayFacts gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        if (gateway.Annotations is { } annotations && Trace.ExposureRules.InternalAnnotation(annotations) is { } annotation)
        {
            return $"annotation {annotation}";
        }

        if (gateway.GatewayClass is { } cls
            && (InternalClasses.Contains(cls) || cls.Contains("internal", StringComparison.OrdinalIgnoreCase) || cls.Contains("private", StringComparison.OrdinalIgnoreCase)))
        {
            return $"gatewayClass {cls}";
        }

        if (gateway.Addresses is { Count: > 0 } addresses && addresses.All(IsPrivateAddress))
        {
            return "private addresses " + string.Join(",", addresses);
        }

        return null;
    }

    /// <summary>RFC 1918, RFC 6598 (100.64/10), loopback, link-local, and IPv6 unique-local/link-local addresses.</summary>
    public static bool IsPrivateAddress(string address)
    {
        if (!IPAddress.TryParse(address?.Trim(), out var ip))
        {
            return false; // a hostname: where it resolves is unknown, so not proof of privacy
        }

        if (IPAddress.IsLoopback(ip))
        {
            return true;
        }

        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return ip.IsIPv6LinkLocal || ip.IsIPv6UniqueLocal || ip.IsIPv6SiteLocal;
        }

        var b = ip.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || (b[0] == 169 && b[1] == 254);
    }
}
