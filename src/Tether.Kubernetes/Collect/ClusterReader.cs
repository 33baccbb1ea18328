using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Tether.Core.Graph;
using Tether.Kubernetes.Parse;

namespace Tether.Kubernetes.Collect;

/// <summary>What one read of a cluster returned.</summary>
/// <param name="Items">Every object of the supported kinds.</param>
/// <param name="PodsResourceVersion">The pod list's resourceVersion, where a watch resumes.</param>
/// <param name="Unavailable">Kinds the credentials may not list (403) or the server does not serve (404).</param>
public sealed record ClusterRead(IReadOnlyList<KubernetesItem> Items, string? PodsResourceVersion, IReadOnlyList<string> Unavailable);

/// <summary>
/// Lists the supported kinds from the API server (I/O only), page by page with <c>limit</c>/<c>continue</c>, across
/// namespaces or in one.
/// </summary>
public sealed class ClusterReader(IKubernetes client, string source, int pageSize = 500)
{
    /// <summary>Upper bound on objects per kind, so a misbehaving server cannot make a collect run forever.</summary>
    public const int MaxObjectsPerKind = 1_000_000;

    public async Task<ClusterRead> ReadAsync(string? ns, CancellationToken cancellationToken)
    {
        var items = new List<KubernetesItem>();
        var unavailable = new List<string>();
        string? podsVersion = null;

        async Task Read<T, TList>(string kind, Func<string?, CancellationToken, Task<TList>> page)
            where T : IKubernetesObject<V1ObjectMeta>
            where TList : IItems<T>, IMetadata<V1ListMeta>
        {
            try
            {
                var (objects, version) = await ListAllAsync<T, TList>(kind, page, cancellationToken).ConfigureAwait(false);
                items.AddRange(objects.Select(o => KubernetesItem.FromApi(o, kind, source)));
                if (kind == SupportedKinds.Pod)
                {
                    podsVersion = version;
                }
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
                unavailable.Add(kind);
            }
        }

        if (ns is null)
        {
            await Read<V1Namespace, V1NamespaceList>(SupportedKinds.Namespace, (c, ct) => client.CoreV1.ListNamespaceAsync(continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1Pod, V1PodList>(SupportedKinds.Pod, (c, ct) => client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1Service, V1ServiceList>(SupportedKinds.Service, (c, ct) => client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1ServiceAccount, V1ServiceAccountList>(SupportedKinds.ServiceAccount, (c, ct) => client.CoreV1.ListServiceAccountForAllNamespacesAsync(continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1Deployment, V1DeploymentList>(SupportedKinds.Deployment, (c, ct) => client.AppsV1.ListDeploymentForAllNamespacesAsync(continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1ReplicaSet, V1ReplicaSetList>(SupportedKinds.ReplicaSet, (c, ct) => client.AppsV1.ListReplicaSetForAllNamespacesAsync(continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1StatefulSet, V1StatefulSetList>(SupportedKinds.StatefulSet, (c, ct) => client.AppsV1.ListStatefulSetForAllNamespacesAsync(continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1DaemonSet, V1DaemonSetList>(SupportedKinds.DaemonSet, (c, ct) => client.AppsV1.ListDaemonSetForAllNamespacesAsync(continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1Job, V1JobList>(SupportedKinds.Job, (c, ct) => client.BatchV1.ListJobForAllNamespacesAsync(continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1CronJob, V1CronJobList>(SupportedKinds.CronJob, (c, ct) => client.BatchV1.ListCronJobForAllNamespacesAsync(continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1Ingress, V1IngressList>(SupportedKinds.Ingress, (c, ct) => client.NetworkingV1.ListIngressForAllNamespacesAsync(continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1NetworkPolicy, V1NetworkPolicyList>(SupportedKinds.NetworkPolicy, (c, ct) => client.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
        }
        else
        {
            await Read<V1Pod, V1PodList>(SupportedKinds.Pod, (c, ct) => client.CoreV1.ListNamespacedPodAsync(ns, continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1Service, V1ServiceList>(SupportedKinds.Service, (c, ct) => client.CoreV1.ListNamespacedServiceAsync(ns, continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1ServiceAccount, V1ServiceAccountList>(SupportedKinds.ServiceAccount, (c, ct) => client.CoreV1.ListNamespacedServiceAccountAsync(ns, continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1Deployment, V1DeploymentList>(SupportedKinds.Deployment, (c, ct) => client.AppsV1.ListNamespacedDeploymentAsync(ns, continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1ReplicaSet, V1ReplicaSetList>(SupportedKinds.ReplicaSet, (c, ct) => client.AppsV1.ListNamespacedReplicaSetAsync(ns, continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1StatefulSet, V1StatefulSetList>(SupportedKinds.StatefulSet, (c, ct) => client.AppsV1.ListNamespacedStatefulSetAsync(ns, continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1DaemonSet, V1DaemonSetList>(SupportedKinds.DaemonSet, (c, ct) => client.AppsV1.ListNamespacedDaemonSetAsync(ns, continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1Job, V1JobList>(SupportedKinds.Job, (c, ct) => client.BatchV1.ListNamespacedJobAsync(ns, continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1CronJob, V1CronJobList>(SupportedKinds.CronJob, (c, ct) => client.BatchV1.ListNamespacedCronJobAsync(ns, continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1Ingress, V1IngressList>(SupportedKinds.Ingress, (c, ct) => client.NetworkingV1.ListNamespacedIngressAsync(ns, continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
            await Read<V1NetworkPolicy, V1NetworkPolicyList>(SupportedKinds.NetworkPolicy, (c, ct) => client.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns, continueParameter: c, limit: pageSize, cancellationToken: ct)).ConfigureAwait(false);
        }

        foreach (var (kind, version, plural) in GatewayApiKinds)
        {
            try
            {
                items.AddRange(await ListCustomAsync(kind, version, plural, ns, cancellationToken).ConfigureAwait(false));
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound)
            {
                // The Gateway API CRDs (or this version of them) are not installed: the cluster has none of these objects.
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.Forbidden)
            {
                unavailable.Add(kind);
            }
        }

        return new ClusterRead(items, podsVersion, unavailable);
    }

    /// <summary>Gateway API kinds listed, at the standard channel's version (TLSRoute and TCPRoute are experimental).</summary>
    private static readonly (string Kind, string Version, string Plural)[] GatewayApiKinds =
    [
        (SupportedKinds.Gateway, "v1", "gateways"),
        (SupportedKinds.HttpRoute, "v1", "httproutes"),
        (SupportedKinds.GrpcRoute, "v1", "grpcroutes"),
        (SupportedKinds.TlsRoute, "v1alpha2", "tlsroutes"),
        (SupportedKinds.TcpRoute, "v1alpha2", "tcproutes"),
    ];

    /// <summary>Gateway API objects have no typed client: listed as custom objects, page by page, and typed like a file's.</summary>
    private async Task<List<KubernetesItem>> ListCustomAsync(string kind, string version, string plural, string? ns, CancellationToken cancellationToken)
    {
        var items = new List<KubernetesItem>();
        var apiVersion = $"{SupportedKinds.GatewayApiGroup}/{version}";
        string? next = null;
        do
        {
            var page = ns is null
                ? await client.CustomObjects.ListClusterCustomObjectAsync(SupportedKinds.GatewayApiGroup, version, plural, continueParameter: next, limit: pageSize, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CustomObjects.ListNamespacedCustomObjectAsync(SupportedKinds.GatewayApiGroup, version, ns, plural, continueParameter: next, limit: pageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
            var list = page is System.Text.Json.JsonElement element ? element : KubernetesJson.Deserialize<System.Text.Json.JsonElement>(KubernetesJson.Serialize(page));
            if (list.TryGetProperty("items", out var array) && array.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                foreach (var entry in array.EnumerateArray())
                {
                    if (SupportedKinds.Read(apiVersion, kind, entry) is { } obj && !string.IsNullOrEmpty(obj.Metadata?.Name))
                    {
                        items.Add(KubernetesItem.FromApi(obj, kind, source));
                    }
                }
            }

            if (items.Count > MaxObjectsPerKind)
            {
                throw new HttpRequestException($"{kind}: the server listed more than {MaxObjectsPerKind} objects.");
            }

            var following = list.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("continue", out var c) && c.ValueKind == System.Text.Json.JsonValueKind.String ? c.GetString() : null;
            if (!string.IsNullOrEmpty(following) && following == next)
            {
                throw new HttpRequestException($"{kind}: the server returned the same continue token twice.");
            }

            next = following;
        }
        while (!string.IsNullOrEmpty(next));

        return items;
    }

    /// <summary>The node kinds a read with <paramref name="unavailable"/> object kinds still covers completely.</summary>
    public static IReadOnlyList<string> CompleteNodeKinds(IReadOnlyCollection<string> unavailable)
    {
        ArgumentNullException.ThrowIfNull(unavailable);
        var kinds = new List<string>();
        void Add(string nodeKind, params string[] objectKinds)
        {
            if (!objectKinds.Any(unavailable.Contains))
            {
                kinds.Add(nodeKind);
            }
        }

        Add(NodeKinds.Namespace, SupportedKinds.Namespace);
        Add(NodeKinds.Pod, SupportedKinds.Pod);
        Add(NodeKinds.Container, SupportedKinds.Pod);
        Add(NodeKinds.Workload, [.. SupportedKinds.WorkloadKinds.Where(k => k != "ReplicationController")]);
        Add(NodeKinds.Service, SupportedKinds.Service);
        Add(NodeKinds.Ingress, SupportedKinds.Ingress);
        Add(NodeKinds.NetworkPolicy, SupportedKinds.NetworkPolicy);
        Add(NodeKinds.ServiceAccount, SupportedKinds.ServiceAccount);
        Add(NodeKinds.Gateway, SupportedKinds.Gateway);
        Add(NodeKinds.GatewayRoute, [.. SupportedKinds.RouteKinds]);
        return kinds;
    }

    private static async Task<(List<T> Items, string? ResourceVersion)> ListAllAsync<T, TList>(
        string kind, Func<string?, CancellationToken, Task<TList>> page, CancellationToken cancellationToken)
        where TList : IItems<T>, IMetadata<V1ListMeta>
    {
        var items = new List<T>();
        string? version = null;
        string? next = null;
        do
        {
            var list = await page(next, cancellationToken).ConfigureAwait(false);
            // Every page of a paged list is served from the first page's snapshot; its resourceVersion is the one.
            version ??= list.Metadata?.ResourceVersion;
            items.AddRange(list.Items ?? []);
            if (items.Count > MaxObjectsPerKind)
            {
                throw new HttpRequestException($"{kind}: the server listed more than {MaxObjectsPerKind} objects.");
            }

            var following = list.Metadata?.ContinueProperty;
            if (!string.IsNullOrEmpty(following) && following == next)
            {
                throw new HttpRequestException($"{kind}: the server returned the same continue token twice.");
            }

            next = following;
        }
        while (!string.IsNullOrEmpty(next));

        return (items, version);
    }
}
