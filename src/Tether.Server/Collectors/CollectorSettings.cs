namespace Tether.Server.Collectors;

/// <summary>The background collectors of <c>tether serve</c> (section <c>collectors:</c> of <c>tether-serve.yaml</c>). Each runs when configured.</summary>
public sealed class CollectorSettings
{
    /// <summary>How long a replica holds a collector's lease while it runs, renewed every third of it.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromMinutes(2);

    public KubernetesCollectorSettings? Kubernetes { get; set; }
    public RegistryCollectorSettings? Registry { get; set; }
    public AdvisoryCollectorSettings? Advisories { get; set; }
}

/// <summary><c>tether collect k8s</c> on a schedule. No contexts: the current context (in a pod: the in-cluster service account).</summary>
public sealed class KubernetesCollectorSettings
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
    public string? Kubeconfig { get; set; }
    public IList<string> Contexts { get; init; } = [];
    public string? Namespace { get; set; }

    /// <summary>Inside a pod with no kubeconfig: the in-cluster service account, recorded as this cluster name.</summary>
    public string InClusterName { get; set; } = "in-cluster";
}

/// <summary><c>tether registry sync</c> on a schedule: each target is <c>REGISTRY</c> (every repository) or <c>REGISTRY/REPO</c>.</summary>
public sealed class RegistryCollectorSettings
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);
    public IList<string> Targets { get; init; } = [];
    public bool Insecure { get; set; }
}

/// <summary><c>tether db import osv</c> on a schedule: paths or URLs of OSV files, folders or all.zip exports.</summary>
public sealed class AdvisoryCollectorSettings
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
    public IList<string> Osv { get; init; } = [];
}
