using System.Text.Json;
using k8s;
using k8s.Models;

namespace Tether.Kubernetes.Parse;

/// <summary>
/// The kinds Tether reads, by <c>apiVersion</c> and <c>kind</c>, each with its KubernetesClient model.
/// Other kinds (and retired API versions such as <c>extensions/v1beta1</c>) are skipped and counted.
/// </summary>
public static class SupportedKinds
{
    public const string Namespace = "Namespace";
    public const string Pod = "Pod";
    public const string Deployment = "Deployment";
    public const string ReplicaSet = "ReplicaSet";
    public const string StatefulSet = "StatefulSet";
    public const string DaemonSet = "DaemonSet";
    public const string Job = "Job";
    public const string CronJob = "CronJob";
    public const string Service = "Service";
    public const string Ingress = "Ingress";
    public const string NetworkPolicy = "NetworkPolicy";
    public const string ServiceAccount = "ServiceAccount";
    public const string Gateway = "Gateway";
    public const string HttpRoute = "HTTPRoute";
    public const string GrpcRoute = "GRPCRoute";
    public const string TlsRoute = "TLSRoute";
    public const string TcpRoute = "TCPRoute";

    /// <summary>The Gateway API group; v1 is the standard channel, v1beta1/v1alpha2 still served for older installs and TLS/TCP routes.</summary>
    public const string GatewayApiGroup = "gateway.networking.k8s.io";

    /// <summary>Gateway API route kinds.</summary>
    public static readonly IReadOnlySet<string> RouteKinds = new HashSet<string>(StringComparer.Ordinal) { HttpRoute, GrpcRoute, TlsRoute, TcpRoute };

    private static readonly Dictionary<(string ApiVersion, string Kind), Func<JsonElement, IKubernetesObject<V1ObjectMeta>>> Readers = new()
    {
        [("v1", Namespace)] = e => KubernetesJson.Deserialize<V1Namespace>(e),
        [("v1", Pod)] = e => KubernetesJson.Deserialize<V1Pod>(e),
        [("apps/v1", Deployment)] = e => KubernetesJson.Deserialize<V1Deployment>(e),
        [("apps/v1", ReplicaSet)] = e => KubernetesJson.Deserialize<V1ReplicaSet>(e),
        [("apps/v1", StatefulSet)] = e => KubernetesJson.Deserialize<V1StatefulSet>(e),
        [("apps/v1", DaemonSet)] = e => KubernetesJson.Deserialize<V1DaemonSet>(e),
        [("batch/v1", Job)] = e => KubernetesJson.Deserialize<V1Job>(e),
        [("batch/v1", CronJob)] = e => KubernetesJson.Deserialize<V1CronJob>(e),
        [("v1", Service)] = e => KubernetesJson.Deserialize<V1Service>(e),
        [("networking.k8s.io/v1", Ingress)] = e => KubernetesJson.Deserialize<V1Ingress>(e),
        [("networking.k8s.io/v1", NetworkPolicy)] = e => KubernetesJson.Deserialize<V1NetworkPolicy>(e),
        [("v1", ServiceAccount)] = e => KubernetesJson.Deserialize<V1ServiceAccount>(e),
        [($"{GatewayApiGroup}/v1", Gateway)] = e => KubernetesJson.Deserialize<GatewayObject>(e),
        [($"{GatewayApiGroup}/v1beta1", Gateway)] = e => KubernetesJson.Deserialize<GatewayObject>(e),
        [($"{GatewayApiGroup}/v1", HttpRoute)] = e => KubernetesJson.Deserialize<GatewayRouteObject>(e),
        [($"{GatewayApiGroup}/v1beta1", HttpRoute)] = e => KubernetesJson.Deserialize<GatewayRouteObject>(e),
        [($"{GatewayApiGroup}/v1", GrpcRoute)] = e => KubernetesJson.Deserialize<GatewayRouteObject>(e),
        [($"{GatewayApiGroup}/v1alpha2", GrpcRoute)] = e => KubernetesJson.Deserialize<GatewayRouteObject>(e),
        [($"{GatewayApiGroup}/v1alpha2", TlsRoute)] = e => KubernetesJson.Deserialize<GatewayRouteObject>(e),
        [($"{GatewayApiGroup}/v1alpha3", TlsRoute)] = e => KubernetesJson.Deserialize<GatewayRouteObject>(e),
        [($"{GatewayApiGroup}/v1alpha2", TcpRoute)] = e => KubernetesJson.Deserialize<GatewayRouteObject>(e),
    };

    /// <summary>Workload kinds: owners a pod or another workload can point at.</summary>
    public static readonly IReadOnlySet<string> WorkloadKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, "ReplicationController",
    };

    public static bool IsSupported(string apiVersion, string kind) => Readers.ContainsKey((apiVersion, kind));

    /// <summary>The typed object, or null for an unsupported kind. Throws <see cref="JsonException"/> on wrong field types.</summary>
    internal static IKubernetesObject<V1ObjectMeta>? Read(string apiVersion, string kind, JsonElement element) =>
        Readers.TryGetValue((apiVersion, kind), out var read) ? read(element) : null;
}
