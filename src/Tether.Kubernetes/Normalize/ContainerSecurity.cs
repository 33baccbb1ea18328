using k8s.Models;

namespace Tether.Kubernetes.Normalize;

/// <summary>
/// A container's effective security settings: the container's securityContext over the pod's, as the kubelet
/// applies them.
/// </summary>
public static class ContainerSecurity
{
    /// <summary>
    /// Whether the container may run as UID 0.
    /// <list type="bullet">
    /// <item>Windows pods (<c>spec.os.name: windows</c> or <c>windowsOptions</c>): null — UIDs do not apply.</item>
    /// <item>Effective <c>runAsNonRoot: true</c>: false — the kubelet refuses to start a container that would run as
    /// UID 0 (even with <c>runAsUser: 0</c>, which then never starts).</item>
    /// <item>Effective <c>runAsUser</c> &gt; 0: false.</item>
    /// <item>Effective <c>runAsUser: 0</c>: true.</item>
    /// <item>Neither set: true — the image's USER decides, and without one the process runs as root; Tether does not
    /// know the image config here, so it reports what the pod spec allows.</item>
    /// </list>
    /// "Effective" means the container's value when set, else the pod's (<c>spec.securityContext</c>).
    /// </summary>
    public static bool? RunAsRoot(V1PodSpec? pod, V1Container container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var own = container.SecurityContext;
        var shared = pod?.SecurityContext;
        if (string.Equals(pod?.Os?.Name, "windows", StringComparison.OrdinalIgnoreCase)
            || own?.WindowsOptions is not null || shared?.WindowsOptions is not null)
        {
            return null;
        }

        if ((own?.RunAsNonRoot ?? shared?.RunAsNonRoot) == true)
        {
            return false;
        }

        var user = own?.RunAsUser ?? shared?.RunAsUser;
        return user is not > 0;
    }

    public static bool Privileged(V1Container container) => container?.SecurityContext?.Privileged == true;

    /// <summary>
    /// <c>allowPrivilegeEscalation</c> as set; true when privileged or granted CAP_SYS_ADMIN, because the API
    /// forces it then; null when not set (Kubernetes then allows escalation unless a policy says otherwise).
    /// </summary>
    public static bool? AllowPrivilegeEscalation(V1Container container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (Privileged(container) || (AddedCapabilities(container)?.Contains("SYS_ADMIN") ?? false))
        {
            return true;
        }

        return container.SecurityContext?.AllowPrivilegeEscalation;
    }

    public static bool? ReadOnlyRootFilesystem(V1Container container) => container?.SecurityContext?.ReadOnlyRootFilesystem;

    /// <summary>Capabilities added, upper-cased without the <c>CAP_</c> prefix; null when none.</summary>
    public static IReadOnlyList<string>? AddedCapabilities(V1Container container)
    {
        var added = container?.SecurityContext?.Capabilities?.Add;
        if (added is null || added.Count == 0)
        {
            return null;
        }

        return added
            .Where(c => !string.IsNullOrWhiteSpace(c))
            .Select(c => c.Trim().ToUpperInvariant() is var upper && upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper[4..] : upper)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The host paths of the pod's hostPath volumes that <paramref name="container"/> mounts; null when none.</summary>
    public static IReadOnlyList<string>? HostPathMounts(V1PodSpec? pod, V1Container container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var hostPaths = (pod?.Volumes ?? [])
            .Where(v => !string.IsNullOrEmpty(v.Name) && !string.IsNullOrWhiteSpace(v.HostPath?.Path))
            .GroupBy(v => v.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().HostPath.Path.Trim(), StringComparer.Ordinal);
        if (hostPaths.Count == 0)
        {
            return null;
        }

        var mounted = (container.VolumeMounts ?? [])
            .Where(m => m.Name is not null && hostPaths.ContainsKey(m.Name))
            .Select(m => hostPaths[m.Name])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return mounted.Count > 0 ? mounted : null;
    }
}
