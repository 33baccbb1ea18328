namespace Tether.Core.Risk;

/// <summary>
/// What a container can do to its node: the privilege rules of docs/priority.md, shared by the priority, the attack
/// paths and the explorer. Three tiers, the worst one counts:
/// <list type="bullet">
/// <item><see cref="PrivilegeTier.Host"/>: privileged, host PID/IPC/network namespace, a dangerous capability, or a
/// sensitive host path mounted — a compromise of the container is a compromise of the node.</item>
/// <item><see cref="PrivilegeTier.Root"/>: may run as UID 0 (no runAsNonRoot, runAsUser 0 or unset).</item>
/// <item><see cref="PrivilegeTier.Escalation"/>: a non-root container whose allowPrivilegeEscalation is not false
/// (setuid binaries can make it root).</item>
/// </list>
/// </summary>
public static class PrivilegeRules
{
    /// <summary>
    /// Capabilities that let a process leave the container or act on the node: SYS_ADMIN (mount, namespaces — the usual
    /// escape), SYS_MODULE (load kernel modules), SYS_PTRACE (read other processes' memory when PIDs are shared),
    /// SYS_RAWIO, DAC_READ_SEARCH (open_by_handle_at: read any host file — "shocker"), DAC_OVERRIDE, NET_ADMIN
    /// (network configuration; the node's with hostNetwork), BPF and PERFMON (kernel programs), SYS_BOOT, and ALL.
    /// NET_RAW is not counted: container runtimes grant it by default, so adding it explicitly changes nothing.
    /// </summary>
    public static readonly IReadOnlySet<string> DangerousCapabilities = new HashSet<string>(StringComparer.Ordinal)
    {
        "ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "DAC_READ_SEARCH", "DAC_OVERRIDE", "NET_ADMIN", "BPF", "PERFMON", "SYS_BOOT",
    };

    /// <summary>
    /// Host paths whose mount gives the node away: the root, the container runtime sockets, the kubelet's state
    /// (other pods' tokens), /proc, /sys, /dev, /etc (users, cron, kubelet config), /root, /boot and /var/log (symlink
    /// attacks). A mount of any path under these counts too (<c>/var/run/docker.sock</c>, <c>/etc/kubernetes</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> SensitiveHostPaths =
    [
        "/var/run/docker.sock", "/run/docker.sock", "/var/run/containerd", "/run/containerd", "/var/run/crio", "/run/crio",
        "/var/lib/kubelet", "/var/lib/docker", "/var/lib/containerd", "/var/log", "/proc", "/sys", "/dev", "/etc", "/root", "/boot",
    ];

    public static bool IsDangerousCapability(string capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        var name = capability.Trim().ToUpperInvariant();
        return DangerousCapabilities.Contains(name.StartsWith("CAP_", StringComparison.Ordinal) ? name[4..] : name);
    }

    /// <summary>True for <c>/</c>, the paths of <see cref="SensitiveHostPaths"/> and anything under them (trailing slashes ignored).</summary>
    public static bool IsSensitiveHostPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normalized = path.Trim();
        if (normalized.Length == 0)
        {
            return false;
        }

        normalized = normalized.TrimEnd('/');
        if (normalized.Length == 0)
        {
            return true; // "/" itself: the whole node
        }

        return SensitiveHostPaths.Any(p => normalized == p || normalized.StartsWith(p + "/", StringComparison.Ordinal));
    }

    /// <summary>The worst tier of one container in its pod, with every reason that applies (for the explanation).</summary>
    public static PrivilegeAssessment Assess(
        bool privileged,
        bool hostPid,
        bool hostIpc,
        bool hostNetwork,
        IReadOnlyList<string>? addedCapabilities,
        IReadOnlyList<string>? hostPaths,
        bool? runAsRoot,
        bool? allowPrivilegeEscalation)
    {
        var reasons = new List<string>();
        if (privileged)
        {
            reasons.Add("privileged");
        }

        if (hostPid)
        {
            reasons.Add("hostPID");
        }

        if (hostIpc)
        {
            reasons.Add("hostIPC");
        }

        if (hostNetwork)
        {
            reasons.Add("hostNetwork");
        }

        foreach (var capability in (addedCapabilities ?? []).Where(IsDangerousCapability))
        {
            reasons.Add("capability " + capability);
        }

        foreach (var path in (hostPaths ?? []).Where(IsSensitiveHostPath))
        {
            reasons.Add("hostPath " + path);
        }

        if (reasons.Count > 0)
        {
            return new PrivilegeAssessment(PrivilegeTier.Host, reasons);
        }

        if (runAsRoot == true)
        {
            return new PrivilegeAssessment(PrivilegeTier.Root, ["may run as root"]);
        }

        // Unset means allowed (the Kubernetes default); only an explicit false closes setuid escalation.
        if (runAsRoot == false && allowPrivilegeEscalation != false)
        {
            return new PrivilegeAssessment(PrivilegeTier.Escalation, ["allowPrivilegeEscalation not false"]);
        }

        return new PrivilegeAssessment(PrivilegeTier.None, []);
    }
}

/// <summary>Privilege tiers, least to most.</summary>
public enum PrivilegeTier
{
    None = 0,
    Escalation = 1,
    Root = 2,
    Host = 3,
}

public sealed record PrivilegeAssessment(PrivilegeTier Tier, IReadOnlyList<string> Reasons);
