using k8s.Models;
using Tether.Kubernetes.Normalize;
using Xunit;

namespace Tether.Kubernetes.Tests.Normalize;

public sealed class ContainerSecurityTests
{
    [Theory]
    // pod runAsNonRoot, pod runAsUser, container runAsNonRoot, container runAsUser → RunAsRoot
    [InlineData(null, null, null, null, true)]
    [InlineData(true, null, null, null, false)]
    [InlineData(null, 1000L, null, null, false)]
    [InlineData(null, 0L, null, null, true)]
    [InlineData(null, 1000L, null, 0L, true)]
    [InlineData(null, 0L, null, 1000L, false)]
    [InlineData(true, null, false, null, true)]
    [InlineData(null, null, true, 0L, false)]
    [InlineData(false, null, null, 1001L, false)]
    public void RunAsRoot_merges_container_over_pod_settings(bool? podNonRoot, long? podUser, bool? nonRoot, long? user, bool expected)
    {
        var pod = new V1PodSpec { SecurityContext = new V1PodSecurityContext { RunAsNonRoot = podNonRoot, RunAsUser = podUser } };
        var container = new V1Container { Name = "c", SecurityContext = new V1SecurityContext { RunAsNonRoot = nonRoot, RunAsUser = user } };

        Assert.Equal(expected, ContainerSecurity.RunAsRoot(pod, container));
    }

    [Fact]
    public void RunAsRoot_is_unknown_for_Windows_pods()
    {
        var pod = new V1PodSpec { Os = new V1PodOS { Name = "windows" } };

        Assert.Null(ContainerSecurity.RunAsRoot(pod, new V1Container { Name = "c" }));
    }

    [Fact]
    public void Added_capabilities_are_normalized_and_SYS_ADMIN_implies_escalation()
    {
        var container = new V1Container
        {
            Name = "c",
            SecurityContext = new V1SecurityContext
            {
                AllowPrivilegeEscalation = false,
                ReadOnlyRootFilesystem = true,
                Capabilities = new V1Capabilities { Add = ["NET_ADMIN", "cap_sys_admin", "NET_ADMIN"] },
            },
        };

        Assert.Equal(["NET_ADMIN", "SYS_ADMIN"], ContainerSecurity.AddedCapabilities(container));
        Assert.True(ContainerSecurity.AllowPrivilegeEscalation(container));
        Assert.True(ContainerSecurity.ReadOnlyRootFilesystem(container));
        Assert.False(ContainerSecurity.Privileged(container));
    }
}
