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
            CloudIdentities: runtime.Select(r => r.CloudIdentity).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList());
    }
}
