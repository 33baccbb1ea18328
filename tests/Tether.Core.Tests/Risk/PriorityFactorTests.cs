using Tether.Core.Graph;
using Tether.Core.Risk;
using Tether.Core.Trace;
using Xunit;

namespace Tether.Core.Tests.Risk;

/// <summary>Each runtime factor of the priority, by name, value and contribution (docs/priority.md).</summary>
public sealed class PriorityFactorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);
    private static readonly VulnerabilityView Medium = new("CVE-M", [], "MEDIUM", null, null, null, null);
    private static readonly PackageView Package = new("p", "1", null, null, null, null, null, null);
    private static readonly EvidenceView Evidence = new("link", EvidenceMethods.KubernetesApi, 1, "k", null, Now, Now);
    private static readonly PrivilegeView Restricted = new(false, false, false, false, false, []) { AllowPrivilegeEscalation = false };

    private static RuntimeInstance Instance(string pod, PrivilegeView? privilege = null, IdentityView? identity = null, string? data = null) =>
        new("c", "ns", pod, "app", null, null, Environments.Test, null, data, [], privilege ?? Restricted, null, null, "sha256:x", Evidence)
        {
            Identity = identity,
        };

    private static PriorityFactor? Factor(Priority priority, string name) => priority.Factors.SingleOrDefault(f => f.Name == name);

    [Fact]
    public void A_restricted_pod_adds_no_privilege_factor()
    {
        var priority = PriorityScorer.Score(Medium, Package, BlastRadius.Of([Instance("a")]));

        Assert.Null(Factor(priority, "privilege"));
        Assert.Null(Factor(priority, "cloud identity"));
        Assert.Equal(20 + 0 + 1.5, priority.Score);
    }

    [Fact]
    public void Host_access_counts_once_with_its_reasons_even_when_the_pod_also_runs_as_root()
    {
        var privilege = new PrivilegeView(false, true, false, false, false, ["SYS_ADMIN"]) { HostPathMounts = ["/var/run/docker.sock"] };

        var factor = Factor(PriorityScorer.Score(Medium, Package, BlastRadius.Of([Instance("a", privilege)])), "privilege");

        Assert.NotNull(factor);
        Assert.Equal(8, factor.Contribution);
        Assert.Equal("1 pod(s) with host access: capability SYS_ADMIN, hostPath /var/run/docker.sock", factor.Value);
    }

    [Theory]
    [InlineData(true, null, 3)]
    [InlineData(false, null, 2)]
    [InlineData(false, true, 2)]
    public void Root_and_privilege_escalation_are_lower_tiers(bool root, bool? escalation, double points)
    {
        var privilege = new PrivilegeView(false, root, false, false, false, []) { AllowPrivilegeEscalation = escalation };

        Assert.Equal(points, Factor(PriorityScorer.Score(Medium, Package, BlastRadius.Of([Instance("a", privilege)])), "privilege")!.Contribution);
    }

    [Fact]
    public void A_cloud_identity_counts_more_when_it_reaches_sensitive_data_and_not_at_all_when_the_pod_does_not_receive_it()
    {
        GrantView Grant(string level) => new("/subscriptions/s/storageAccounts/pii", "pii", "storage account", "pii", level, ["Storage Blob Data Reader"], Evidence);
        IdentityView Identity(bool held, params GrantView[] grants) => new("azure", "id", "ns/sa", "azure.workload.identity/client-id", held, true, grants, Evidence);

        var plain = Factor(PriorityScorer.Score(Medium, Package, BlastRadius.Of([Instance("a", identity: Identity(true, Grant(DataSensitivityMapping.Low)))])), "cloud identity");
        var sensitive = Factor(PriorityScorer.Score(Medium, Package, BlastRadius.Of([Instance("a", identity: Identity(true, Grant(DataSensitivityMapping.High)))])), "cloud identity");
        var unlabelled = Factor(PriorityScorer.Score(Medium, Package, BlastRadius.Of([Instance("a", identity: Identity(false, Grant(DataSensitivityMapping.High)))])), "cloud identity");

        Assert.Equal(5, plain!.Contribution);
        Assert.Equal(10, sensitive!.Contribution);
        Assert.Equal("1 pod(s) act as a cloud identity with permissions on pii (storage account)", sensitive.Value);
        Assert.Null(unlabelled);
    }

    [Fact]
    public void Weights_from_the_settings_replace_the_defaults_and_stay_explained()
    {
        var weights = PriorityWeights.Default with { SeverityMedium = 25, DataSensitivityHigh = 15 };

        var priority = PriorityScorer.Score(Medium, Package, BlastRadius.Of([Instance("a", data: "pii")]), weights);

        Assert.Equal(25, Factor(priority, "severity")!.Contribution);
        Assert.Equal(15, Factor(priority, "data sensitivity")!.Contribution);
        Assert.Equal(priority.Score, priority.Factors.Sum(f => f.Contribution));
    }

    [Fact]
    public void A_medium_classification_adds_half_of_a_high_one()
    {
        var data = DataSensitivityMapping.Default with
        {
            Levels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["internal-only"] = DataSensitivityMapping.Medium },
        };
        var instance = Instance("a", data: "internal-only") with { DataSensitivity = data.LevelOf("internal-only") };

        var factor = Factor(PriorityScorer.Score(Medium, Package, BlastRadius.Of([instance])), "data sensitivity");

        Assert.Equal(5, factor!.Contribution);
        Assert.Equal("1 pod(s) handle internal-only data (medium)", factor.Value);
    }
}
