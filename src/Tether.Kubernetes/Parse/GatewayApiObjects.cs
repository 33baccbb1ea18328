using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Tether.Kubernetes.Parse;

// Gateway API (gateway.networking.k8s.io) has no model in the Kubernetes client: these hold the fields Tether reads,
// named as in the API reference (https://gateway-api.sigs.k8s.io/reference/spec/). Unknown fields are ignored.

/// <summary>A Gateway: the listeners and addresses where traffic enters.</summary>
public sealed class GatewayObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public GatewaySpec? Spec { get; set; }

    [JsonPropertyName("status")]
    public GatewayStatus? Status { get; set; }
}

public sealed class GatewaySpec
{
    [JsonPropertyName("gatewayClassName")]
    public string? GatewayClassName { get; set; }

    [JsonPropertyName("listeners")]
    public IList<GatewayListener>? Listeners { get; set; }

    [JsonPropertyName("addresses")]
    public IList<GatewayAddress>? Addresses { get; set; }

    [JsonPropertyName("infrastructure")]
    public GatewayInfrastructure? Infrastructure { get; set; }
}

public sealed class GatewayListener
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("hostname")]
    public string? Hostname { get; set; }

    [JsonPropertyName("port")]
    public int? Port { get; set; }

    [JsonPropertyName("protocol")]
    public string? Protocol { get; set; }
}

public sealed class GatewayAddress
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("value")]
    public string? Value { get; set; }
}

public sealed class GatewayInfrastructure
{
    [JsonPropertyName("annotations")]
    public IDictionary<string, string>? Annotations { get; set; }

    [JsonPropertyName("labels")]
    public IDictionary<string, string>? Labels { get; set; }
}

public sealed class GatewayStatus
{
    [JsonPropertyName("addresses")]
    public IList<GatewayAddress>? Addresses { get; set; }
}

/// <summary>An HTTPRoute, GRPCRoute, TLSRoute or TCPRoute: which Gateways it attaches to and which Services it sends to.</summary>
public sealed class GatewayRouteObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public GatewayRouteSpec? Spec { get; set; }
}

public sealed class GatewayRouteSpec
{
    [JsonPropertyName("parentRefs")]
    public IList<GatewayParentReference>? ParentRefs { get; set; }

    [JsonPropertyName("hostnames")]
    public IList<string>? Hostnames { get; set; }

    [JsonPropertyName("rules")]
    public IList<GatewayRouteRule>? Rules { get; set; }
}

public sealed class GatewayParentReference
{
    [JsonPropertyName("group")]
    public string? Group { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("sectionName")]
    public string? SectionName { get; set; }
}

public sealed class GatewayRouteRule
{
    [JsonPropertyName("backendRefs")]
    public IList<GatewayBackendReference>? BackendRefs { get; set; }
}

public sealed class GatewayBackendReference
{
    [JsonPropertyName("group")]
    public string? Group { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("port")]
    public int? Port { get; set; }
}
