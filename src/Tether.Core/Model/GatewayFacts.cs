using Tether.Core.Graph;

namespace Tether.Core.Model;

/// <summary>A Gateway API Gateway (gateway.networking.k8s.io). Key: <c>{cluster}/{namespace}/{name}</c>.</summary>
public sealed record GatewayFacts(string Cluster, string Namespace, string Name) : NodeFacts
{
    public override string Kind => NodeKinds.Gateway;
    public override string Key => KeyOf(Cluster, Namespace, Name);
    public static string KeyOf(string cluster, string ns, string name) => $"{cluster}/{ns}/{name}";
    public string? Uid { get; init; }
    public string? GatewayClass { get; init; }
    /// <summary>Listeners as <c>name protocol/port hostname</c>.</summary>
    public IReadOnlyList<string>? Listeners { get; init; }
    /// <summary>spec.addresses and status.addresses values (IPs or hostnames).</summary>
    public IReadOnlyList<string>? Addresses { get; init; }
    /// <summary>metadata.annotations merged with spec.infrastructure.annotations (which the implementation copies to its load balancer).</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

/// <summary>
/// A Gateway API route: HTTPRoute, GRPCRoute, TLSRoute or TCPRoute. Key: <c>{cluster}/{namespace}/{RouteKind}/{name}</c>.
/// </summary>
public sealed record GatewayRouteFacts(string Cluster, string Namespace, string RouteKind, string Name) : NodeFacts
{
    public override string Kind => NodeKinds.GatewayRoute;
    public override string Key => $"{Cluster}/{Namespace}/{RouteKind}/{Name}";
    public string? Uid { get; init; }
    public IReadOnlyList<string>? Hostnames { get; init; }
    /// <summary>parentRefs as <c>namespace/name</c> (with <c>/section</c> when a listener is named).</summary>
    public IReadOnlyList<string>? Parents { get; init; }
    /// <summary>backendRefs to Services as <c>namespace/name:port</c>.</summary>
    public IReadOnlyList<string>? Backends { get; init; }
}
