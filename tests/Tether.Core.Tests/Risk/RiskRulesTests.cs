using Tether.Core.Model;
using Tether.Core.Risk;
using Xunit;

namespace Tether.Core.Tests.Risk;

/// <summary>The shared exposure, privilege and identity rules, table by table.</summary>
public sealed class RiskRulesTests
{
    [Theory]
    [InlineData("SYS_ADMIN", true)]
    [InlineData("CAP_SYS_MODULE", true)]
    [InlineData("sys_ptrace", true)]
    [InlineData("DAC_READ_SEARCH", true)]
    [InlineData("NET_ADMIN", true)]
    [InlineData("ALL", true)]
    [InlineData("NET_RAW", false)]
    [InlineData("NET_BIND_SERVICE", false)]
    [InlineData("CHOWN", false)]
    public void Dangerous_capabilities_are_those_that_reach_the_node(string capability, bool dangerous) =>
        Assert.Equal(dangerous, PrivilegeRules.IsDangerousCapability(capability));

    [Theory]
    [InlineData("/", true)]
    [InlineData("/var/run/docker.sock", true)]
    [InlineData("/run/containerd/containerd.sock", true)]
    [InlineData("/proc", true)]
    [InlineData("/etc/", true)]
    [InlineData("/etc/kubernetes/pki", true)]
    [InlineData("/var/lib/kubelet/pods", true)]
    [InlineData("/etcetera", false)]
    [InlineData("/srv/app-logs", false)]
    [InlineData("/data", false)]
    [InlineData("", false)]
    public void Sensitive_host_paths_are_the_node_root_runtime_sockets_and_system_directories(string path, bool sensitive) =>
        Assert.Equal(sensitive, PrivilegeRules.IsSensitiveHostPath(path));

    [Fact]
    public void The_worst_privilege_tier_counts_with_all_its_reasons()
    {
        var host = PrivilegeRules.Assess(false, true, false, false, ["SYS_ADMIN", "NET_RAW"], ["/var/run/docker.sock", "/data"], true, null);
        var root = PrivilegeRules.Assess(false, false, false, false, ["NET_RAW"], ["/data"], true, false);
        var escalation = PrivilegeRules.Assess(false, false, false, false, null, null, false, null);
        var none = PrivilegeRules.Assess(false, false, false, false, null, null, false, false);

        Assert.Equal(PrivilegeTier.Host, host.Tier);
        Assert.Equal(["hostPID", "capability SYS_ADMIN", "hostPath /var/run/docker.sock"], host.Reasons);
        Assert.Equal(PrivilegeTier.Root, root.Tier);
        Assert.Equal(PrivilegeTier.Escalation, escalation.Tier);
        Assert.Equal(PrivilegeTier.None, none.Tier);
        Assert.Empty(none.Reasons);
    }

    [Theory]
    [InlineData(null, null, null, true)]
    [InlineData("istio", null, "20.1.2.3", true)]
    [InlineData("gke-l7-rilb", null, null, false)]
    [InlineData("azure-alb-internal", null, null, false)]
    [InlineData("eg", "service.beta.kubernetes.io/aws-load-balancer-scheme=internal", null, false)]
    [InlineData("eg", null, "10.224.0.42", false)]
    [InlineData("eg", null, "100.64.3.1", false)]
    [InlineData("eg", null, "fd00::1", false)]
    [InlineData("eg", null, "gateway.example.com", true)]
    public void A_Gateway_is_internet_facing_unless_its_annotation_class_or_addresses_make_it_internal(string? cls, string? annotation, string? address, bool internetFacing)
    {
        var gateway = new GatewayFacts("c", "ns", "gw")
        {
            GatewayClass = cls,
            Annotations = annotation is null ? null : new Dictionary<string, string> { [annotation.Split('=')[0]] = annotation.Split('=')[1] },
            Addresses = address is null ? null : [address],
        };

        Assert.Equal(internetFacing, GatewayExposureRules.IsInternetFacing(gateway));
    }

    [Fact]
    public void Azure_workload_identity_reaches_only_pods_with_the_webhook_label()
    {
        var bound = WorkloadIdentityRules.FromAnnotations(new Dictionary<string, string> { ["azure.workload.identity/client-id"] = " ABC-def " });

        Assert.Equal(new BoundIdentity("azure", "abc-def", "azure.workload.identity/client-id"), bound);
        Assert.True(WorkloadIdentityRules.PodReceives("azure", new Dictionary<string, string> { ["azure.workload.identity/use"] = "true" }));
        Assert.False(WorkloadIdentityRules.PodReceives("azure", new Dictionary<string, string> { ["app"] = "web" }));
        Assert.False(WorkloadIdentityRules.PodReceives("azure", null));
        Assert.True(WorkloadIdentityRules.PodReceives("aws", null));
        Assert.True(WorkloadIdentityRules.PodReceives("gcp", null));
        Assert.Null(WorkloadIdentityRules.FromAnnotations(new Dictionary<string, string> { ["azure.workload.identity/client-id"] = "  " }));
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(null, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, false)]
    public void The_pod_setting_of_token_automount_wins_over_the_account(bool? pod, bool? account, bool mounted) =>
        Assert.Equal(mounted, WorkloadIdentityRules.TokenAutomounted(pod, account));

    [Theory]
    [InlineData("*-prod-*", "aks-prod-weu", true)]
    [InlineData("*-PROD-*", "aks-prod-weu", true)]
    [InlineData("aks-???-weu", "aks-dev-weu", true)]
    [InlineData("*-prod-*", "aks-test-weu", false)]
    [InlineData("prod", "production", false)]
    [InlineData("**a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false)]
    public void Cluster_patterns_are_case_insensitive_globs(string pattern, string cluster, bool matches) =>
        Assert.Equal(matches, new ClusterPattern(pattern, "production").Matches(cluster));
}
