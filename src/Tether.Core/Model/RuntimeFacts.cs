using Tether.Core.Graph;

namespace Tether.Core.Model;

/// <summary>A Kubernetes cluster. Key: its name as given by the user (<c>--cluster</c> or kube context).</summary>
public sealed record ClusterFacts(string Name) : NodeFacts
{
    public override string Kind => NodeKinds.Cluster;
    public override string Key => Name;
    public string? Server { get; init; }
    public string? Context { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>Key: <c>{cluster}/{namespace}</c>.</summary>
public sealed record NamespaceFacts(string Cluster, string Name) : NodeFacts
{
    public override string Kind => NodeKinds.Namespace;
    public override string Key => $"{Cluster}/{Name}";
    public string? Uid { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

/// <summary>Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob… Key: <c>{cluster}/{ns}/{Kind}/{name}</c>.</summary>
public sealed record WorkloadFacts(string Cluster, string Namespace, string WorkloadKind, string Name) : NodeFacts
{
    public override string Kind => NodeKinds.Workload;
    public override string Key => KeyOf(Cluster, Namespace, WorkloadKind, Name);
    public static string KeyOf(string cluster, string ns, string kind, string name) => $"{cluster}/{ns}/{kind}/{name}";
    public string? Uid { get; init; }
    public int? Replicas { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public DateTimeOffset? Created { get; init; }
    /// <summary>Images of the pod template's containers as written (tags or digests), for workloads without running pods.</summary>
    public IReadOnlyList<string>? Images { get; init; }
}

/// <summary>Key: <c>{cluster}/{namespace}/{name}</c>.</summary>
public sealed record PodFacts(string Cluster, string Namespace, string Name) : NodeFacts
{
    public override string Kind => NodeKinds.Pod;
    public override string Key => KeyOf(Cluster, Namespace, Name);
    public static string KeyOf(string cluster, string ns, string name) => $"{cluster}/{ns}/{name}";
    public string? Uid { get; init; }
    public string? NodeName { get; init; }
    public string? Phase { get; init; }
    public DateTimeOffset? Created { get; init; }
    public string? ServiceAccount { get; init; }
    public bool HostNetwork { get; init; }
    public bool HostPid { get; init; }
    public bool HostIpc { get; init; }
    /// <summary>Host ports bound by any container (reachable on the node's address).</summary>
    public IReadOnlyList<int>? HostPorts { get; init; }
    /// <summary>spec.automountServiceAccountToken of the pod (overrides the service account's); null when not set.</summary>
    public bool? AutomountServiceAccountToken { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

/// <summary>Key: <c>{cluster}/{namespace}/{pod}/{container}</c>.</summary>
public sealed record ContainerFacts(string Cluster, string Namespace, string Pod, string Name) : NodeFacts
{
    public override string Kind => NodeKinds.Container;
    public override string Key => $"{Cluster}/{Namespace}/{Pod}/{Name}";
    public bool Init { get; init; }
    /// <summary>The image as written in the pod spec (may be a tag).</summary>
    public string? Image { get; init; }
    /// <summary>status.containerStatuses[].imageID as reported by the kubelet.</summary>
    public string? ImageId { get; init; }
    /// <summary>The manifest digest the container runs, when the runtime reported one.</summary>
    public string? ImageDigest { get; init; }
    /// <summary>Where <see cref="ImageDigest"/> came from: <c>status.imageID</c> (what runs) or <c>spec.image</c> (a pinned reference).</summary>
    public string? ImageDigestSource { get; init; }
    /// <summary>An image config id (<c>sha256:…</c>) the runtime reported in imageID instead of a manifest digest; not an image key.</summary>
    public string? ImageConfigId { get; init; }
    public bool Privileged { get; init; }
    /// <summary>True when the container can run as UID 0 (no runAsNonRoot, runAsUser 0 or unset); null if unknown.</summary>
    public bool? RunAsRoot { get; init; }
    public bool? AllowPrivilegeEscalation { get; init; }
    public bool? ReadOnlyRootFilesystem { get; init; }
    public IReadOnlyList<string>? AddedCapabilities { get; init; }
    /// <summary>Host paths of the pod's hostPath volumes that this container mounts.</summary>
    public IReadOnlyList<string>? HostPathMounts { get; init; }
    public bool? Ready { get; init; }
    public int? RestartCount { get; init; }
}

/// <summary>Key: <c>{cluster}/{namespace}/{name}</c>.</summary>
public sealed record ServiceFacts(string Cluster, string Namespace, string Name) : NodeFacts
{
    public override string Kind => NodeKinds.Service;
    public override string Key => $"{Cluster}/{Namespace}/{Name}";
    public string? Type { get; init; }
    public IReadOnlyDictionary<string, string>? Selector { get; init; }
    public IReadOnlyList<string>? Ports { get; init; }
    public IReadOnlyList<string>? ExternalAddresses { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    /// <summary>LoadBalancer or NodePort, or external IPs set: reachable from outside the cluster.</summary>
    public bool ExternallyReachable { get; init; }
}

/// <summary>Key: <c>{cluster}/{namespace}/{name}</c>.</summary>
public sealed record IngressFacts(string Cluster, string Namespace, string Name) : NodeFacts
{
    public override string Kind => NodeKinds.Ingress;
    public override string Key => $"{Cluster}/{Namespace}/{Name}";
    public string? IngressClass { get; init; }
    public IReadOnlyList<string>? Hosts { get; init; }
    public bool Tls { get; init; }
    /// <summary>Backends as <c>service:port</c> (default backend and rules), whether or not the service was observed.</summary>
    public IReadOnlyList<string>? Backends { get; init; }
    public IReadOnlyList<string>? LoadBalancerAddresses { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

/// <summary>Key: <c>{cluster}/{namespace}/{name}</c>.</summary>
public sealed record NetworkPolicyFacts(string Cluster, string Namespace, string Name) : NodeFacts
{
    public override string Kind => NodeKinds.NetworkPolicy;
    public override string Key => $"{Cluster}/{Namespace}/{Name}";
    public IReadOnlyDictionary<string, string>? PodSelector { get; init; }
    /// <summary>podSelector.matchExpressions rendered as <c>key In (a,b)</c>, <c>key Exists</c>…</summary>
    public IReadOnlyList<string>? PodSelectorExpressions { get; init; }
    public IReadOnlyList<string>? PolicyTypes { get; init; }
    /// <summary>True when the policy allows ingress from any source (an empty "from").</summary>
    public bool AllowsAllIngress { get; init; }
}

/// <summary>Key: <c>{cluster}/{namespace}/{name}</c>.</summary>
public sealed record ServiceAccountFacts(string Cluster, string Namespace, string Name) : NodeFacts
{
    public override string Kind => NodeKinds.ServiceAccount;
    public override string Key => $"{Cluster}/{Namespace}/{Name}";
    public bool? AutomountToken { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    /// <summary>Cloud identity bound by workload-identity annotations (Azure client id, AWS role ARN, GCP SA).</summary>
    public string? CloudIdentity { get; init; }
    /// <summary><c>azure</c>, <c>aws</c> or <c>gcp</c>: which annotation gave <see cref="CloudIdentity"/>.</summary>
    public string? CloudIdentityProvider { get; init; }
}
