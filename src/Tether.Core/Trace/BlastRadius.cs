namespace Tether.Core.Trace;

/// <summary>Where the image runs and how bad a compromise there would be.</summary>
public sealed record BlastRadius(
    int Pods,
    int Containers,
    int Workloads,
    int Namespaces,
    IReadOnlyList<string> Clusters,
    IReadOnlyDictionary<string, int> PodsByEnvironment,
    int InternetExposedPods,
    IReadOnlyList<ExposureView> Exposures,
    int PrivilegedPods,
    int RunAsRootPods,
    int HostNamespacePods,
    IReadOnlyDictionary<string, int> PodsByDataClassification,
    IReadOnlyList<string> CloudIdentities)
{
    /// <summary>Pods with a host-tier privilege: privileged, host namespaces, dangerous capabilities, sensitive host paths.</summary>
    public int HostPrivilegePods { get; init; }

    /// <summary>Non-root pods whose containers may escalate (allowPrivilegeEscalation not false).</summary>
    public int EscalationPods { get; init; }

    /// <summary>The privilege reasons seen (<c>privileged</c>, <c>capability SYS_ADMIN</c>, <c>hostPath /var/run/docker.sock</c>…).</summary>
    public IReadOnlyList<string> PrivilegeReasons { get; init; } = [];

    /// <summary>Pods per data sensitivity level (high, medium, low) under the risk settings.</summary>
    public IReadOnlyDictionary<string, int> PodsByDataSensitivity { get; init; } = new Dictionary<string, int>();

    /// <summary>Pods that receive a cloud identity through their service account.</summary>
    public int CloudIdentityPods { get; init; }

    /// <summary>Pods whose cloud identity holds permissions on a resource of high data sensitivity.</summary>
    public int SensitiveIdentityPods { get; init; }

    /// <summary>Resources of high sensitivity those identities can reach, as <c>name (type)</c>.</summary>
    public IReadOnlyList<string> SensitiveResources { get; init; } = [];

    public static BlastRadius Of(IReadOnlyList<RuntimeInstance> runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var pods = runtime.GroupBy(r => (r.Cluster, r.Namespace, r.Pod)).Select(g => g.ToList()).ToList();
        int CountPods(Func<RuntimeInstance, bool> predicate) => pods.Count(containers => containers.Any(predicate));

        return new BlastRadius(
            Pods: pods.Count,
            Containers: runtime.Count,
            Workloads: runtime.Where(r => r.Workload is not null)
                .Select(r => (r.Cluster, r.Namespace, r.Workload!.Kind, r.Workload.Name)).Distinct().Count(),
            Namespaces: runtime.Select(r => (r.Cluster, r.Namespace)).Distinct().Count(),
            Clusters: runtime.Select(r => r.Cluster).Distinct().Order(StringComparer.Ordinal).ToList(),
            PodsByEnvironment: pods.GroupBy(p => p[0].Environment).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count()),
            InternetExposedPods: CountPods(r => r.Exposure.Count > 0),
            Exposures: runtime.SelectMany(r => r.Exposure).Distinct().OrderBy(e => e.Name, StringComparer.Ordinal).ToList(),
            PrivilegedPods: CountPods(r => r.Privilege.Privileged),
            RunAsRootPods: CountPods(r => r.Privilege.RunAsRoot == true),
            HostNamespacePods: CountPods(r => r.Privilege.HostNetwork || r.Privilege.HostPid || r.Privilege.HostIpc),
            PodsByDataClassification: pods.Where(p => p[0].DataClassification is not null)
                .GroupBy(p => p[0].DataClassification!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count()),
            CloudIdentities: runtime.Select(r => r.CloudIdentity).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList())
        {
            HostPrivilegePods = CountPods(r => r.Privilege.Assessment.Tier == Risk.PrivilegeTier.Host),
            EscalationPods = CountPods(r => r.Privilege.Assessment.Tier == Risk.PrivilegeTier.Escalation),
            PrivilegeReasons = runtime.SelectMany(r => r.Privilege.Assessment.Reasons).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            PodsByDataSensitivity = pods
                .Select(p => p[0].DataSensitivity ?? Risk.DataSensitivityMapping.Default.LevelOf(p[0].DataClassification))
                .OfType<string>()
                .GroupBy(l => l, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count()),
            CloudIdentityPods = CountPods(r => r.Identity is { Held: true }),
            SensitiveIdentityPods = CountPods(r => r.Identity is { Held: true } identity && identity.Grants.Any(g => g.SensitivityLevel == Risk.DataSensitivityMapping.High)),
            SensitiveResources = runtime.Where(r => r.Identity is { Held: true })
                .SelectMany(r => r.Identity!.Grants).Where(g => g.SensitivityLevel == Risk.DataSensitivityMapping.High)
                .Select(g => g.Type is null ? g.Name ?? g.Resource : $"{g.Name ?? g.Resource} ({g.Type})")
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        };
    }
}
