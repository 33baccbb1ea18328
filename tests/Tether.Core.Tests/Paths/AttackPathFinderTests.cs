using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Paths;
using Tether.Core.Risk;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Core.Tests.Paths;

/// <summary>
/// A small synthetic cluster where one workload has a full attack path and each of the others lacks exactly one hop:
/// not exposed, no identity, an identity without permissions, no vulnerability, an Azure pod without the webhook label.
/// </summary>
public sealed class AttackPathFinderTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);
    private const string Cluster = "aks-prod";
    private const string Granted = "00000000-0000-0000-0000-00000000000a";
    private const string Ungranted = "00000000-0000-0000-0000-00000000000b";
    private const string Bucket = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stpii";
    private readonly TempDirectory _dir = new();
    private readonly GraphBatch _batch = new("test", Now);
    private int _digit;

    public void Dispose() => _dir.Dispose();

    private Evidence Api => new("kubernetes", EvidenceMethods.KubernetesApi, 1.0, Now, "uid");

    private AttackPathFinderTests Cloud()
    {
        var resource = _batch.Add(new CloudResourceFacts("azure", Bucket) { Name = "stpii", ResourceType = "storage account", Sensitivity = "pii" });
        var granted = _batch.Add(new CloudIdentityFacts("azure", Granted) { Name = "id-web", Grants = [new CloudGrant(Bucket, ["Storage Blob Data Reader"])] });
        _batch.Add(new CloudIdentityFacts("azure", Ungranted) { Name = "id-idle" });
        _batch.Link(granted, EdgeTypes.HasPermission, resource, new Evidence("cloud-inventory", EvidenceMethods.CloudInventory, 0.9, Now, "sha256:inventory"));
        return this;
    }

    /// <summary>One pod in its own namespace, with the hops asked for.</summary>
    private AttackPathFinderTests Workload(string name, bool exposed = true, string? identity = Granted, string? severity = "HIGH", bool azureLabel = true)
    {
        var digest = "sha256:" + new string((char)('a' + _digit++), 64);
        var ns = _batch.Add(new NamespaceFacts(Cluster, name) { Labels = new Dictionary<string, string> { ["environment"] = "production" } });
        _batch.Link(_batch.Add(new ClusterFacts(Cluster)), EdgeTypes.Contains, ns, Api);
        var labels = new Dictionary<string, string> { ["app"] = name };
        if (azureLabel)
        {
            labels[WorkloadIdentityRules.AzureUseLabel] = "true";
        }

        var pod = _batch.Add(new PodFacts(Cluster, name, name + "-0") { Phase = "Running", Labels = labels, ServiceAccount = name });
        _batch.Link(ns, EdgeTypes.Contains, pod, Api);
        var container = _batch.Add(new ContainerFacts(Cluster, name, pod.Name, "app") { ImageDigest = digest, RunAsRoot = false, AllowPrivilegeEscalation = false });
        _batch.Link(pod, EdgeTypes.HasContainer, container, Api);
        var image = _batch.Add(new ImageFacts(digest));
        _batch.Link(container, EdgeTypes.RunsImage, image, Api);

        var service = _batch.Add(new ServiceFacts(Cluster, name, name)
        {
            Type = exposed ? "LoadBalancer" : "ClusterIP",
            ExternallyReachable = exposed,
            Selector = new Dictionary<string, string> { ["app"] = name },
        });
        _batch.Link(service, EdgeTypes.Selects, pod, new Evidence("kubernetes", EvidenceMethods.LabelSelector, 1.0, Now, "uid"));

        var account = _batch.Add(new ServiceAccountFacts(Cluster, name, name)
        {
            Annotations = identity is null ? null : new Dictionary<string, string> { [WorkloadIdentityRules.AzureClientIdAnnotation] = identity },
            CloudIdentity = identity,
            CloudIdentityProvider = identity is null ? null : "azure",
        });
        _batch.Link(pod, EdgeTypes.RunsAs, account, Api);
        if (identity is not null)
        {
            _batch.Link(account, EdgeTypes.AssumesIdentity, _batch.Add(new CloudIdentityFacts("azure", identity)), Api);
        }

        if (severity is not null)
        {
            var id = $"CVE-2025-{_digit:D4}";
            var vulnerability = _batch.Add(new VulnerabilityFacts(id) { Severity = severity });
            var finding = _batch.Add(new FindingFacts(digest, "pkg:deb/debian/openssl@3.0.11", id) { PackageName = "openssl", InstalledVersion = "3.0.11", Severity = severity });
            var scan = new Evidence("trivy", EvidenceMethods.ScannerReport, 0.9, Now, "sha256:report");
            _batch.Link(image, EdgeTypes.HasFinding, finding, scan);
            _batch.Link(finding, EdgeTypes.OfVulnerability, vulnerability, scan);
        }

        return this;
    }

    private async Task<IReadOnlyList<AttackPath>> FindAsync(AttackPathQuery? query = null)
    {
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File($"{Guid.NewGuid():N}.db"), new ManualClock(Now));
        await store.IngestAsync(_batch);
        return await new AttackPathFinder(store).FindAsync(query);
    }

    [Fact]
    public async Task Only_the_workload_with_every_hop_has_a_path_and_each_hop_carries_its_evidence()
    {
        Cloud()
            .Workload("web")
            .Workload("internal", exposed: false)
            .Workload("anonymous", identity: null)
            .Workload("idle", identity: Ungranted)
            .Workload("patched", severity: null)
            .Workload("unlabelled", azureLabel: false);

        var path = Assert.Single(await FindAsync());

        Assert.Equal(("aks-prod", "web", "Pod", "web-0", 1), (path.Workload.Cluster, path.Workload.Namespace, path.Workload.Kind, path.Workload.Name, path.Workload.Pods));
        Assert.Equal("Service/LoadBalancer", Assert.Single(path.Entry.Exposures).Kind);
        Assert.Equal(("HIGH", "openssl"), (path.Vulnerability.Severity, path.Vulnerability.Package));
        Assert.Equal(EvidenceMethods.ScannerReport, path.Vulnerability.Evidence!.Method);
        Assert.Equal(("web/web", "azure.workload.identity/client-id", Granted, "id-web"), (path.Identity.ServiceAccount, path.Identity.Annotation, path.Identity.Id, path.Identity.Name));
        Assert.Equal(EvidenceMethods.KubernetesApi, path.Identity.Evidence.Method);
        Assert.Equal((Bucket, "pii", "high"), (path.Resource.Id, path.Resource.Sensitivity, path.Resource.SensitivityLevel));
        Assert.Equal(["Storage Blob Data Reader"], path.Resource.Permissions);
        Assert.Equal(("sha256:inventory", EvidenceMethods.CloudInventory), (path.Resource.Evidence.Document, path.Resource.Evidence.Method));
        // priority: HIGH 30 + production 20 + exposure 15 + identity on sensitive data 10 + scale 1.5 = 76.5; path = 38.3 + 30 + 10 (read).
        Assert.Equal(76.5, path.Vulnerability.Priority);
        Assert.Equal(Math.Round(76.5 / 2, 1) + 30 + 10, path.Score);
        Assert.Equal(path.Score, path.Factors.Sum(f => f.Contribution), 1);
    }

    [Fact]
    public async Task A_minimum_severity_and_a_cluster_filter_drop_paths()
    {
        Cloud().Workload("web", severity: "LOW");

        Assert.Single(await FindAsync());
        Assert.Empty(await FindAsync(new AttackPathQuery { MinSeverity = "HIGH" }));
        Assert.Empty(await FindAsync(new AttackPathQuery { Cluster = "aks-other" }));
    }

    [Fact]
    public async Task Without_a_cloud_inventory_there_is_no_path()
    {
        Workload("web");

        Assert.Empty(await FindAsync());
    }
}
