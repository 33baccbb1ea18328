using Tether.Core.Graph;
using Tether.Core.Trace;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;
using static Tether.Core.Tests.Trace.TraceGraphBuilder;

namespace Tether.Core.Tests.Trace;

public sealed class TraceEngineTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string> Production = new() { ["environment"] = "production", ["data-classification"] = "pii" };
    private static readonly Dictionary<string, string> Development = new() { ["env"] = "dev" };
    private readonly TempDirectory _dir = new();

    private async Task<IGraphStore> StoreWith(TraceGraphBuilder builder)
    {
        var store = await SqliteGraphStore.OpenAsync(_dir.File($"{Guid.NewGuid():N}.db"), new ManualClock(Now));
        await store.IngestAsync(builder.Batch);
        return store;
    }

    [Fact]
    public async Task A_vulnerability_is_traced_through_all_four_layers_with_evidence()
    {
        var builder = new TraceGraphBuilder(Now).WithRegistryAndPipeline()
            .WithDeployment("aks-prod", "payments", Production, 3, IndexDigest, internetFacing: true);
        await using var store = await StoreWith(builder);

        // Traced by alias; the runtime reports the index digest, the finding is on the amd64 manifest.
        var report = await new TraceEngine(store).TraceAsync("GHSA-aaaa-bbbb-cccc");

        Assert.Equal("vulnerability", report.Target.Kind);
        Assert.Equal("CVE-2024-0001", report.Target.Resolved);
        var finding = Assert.Single(report.Findings);
        Assert.Equal("lodash", finding.Package.Name);
        Assert.Equal("4.17.21", finding.Package.FixedVersion);

        Assert.Equal(3, finding.Runtime.Count);
        var pod = finding.Runtime[0];
        Assert.Equal(("aks-prod", "payments", "payments-7d9f-000"), (pod.Cluster, pod.Namespace, pod.Pod));
        Assert.Equal(new WorkloadView("Deployment", "payments", 3), pod.Workload);
        Assert.Equal("production", pod.Environment);
        Assert.Equal("namespace label environment=production", pod.EnvironmentSource);
        Assert.Equal("pii", pod.DataClassification);
        Assert.Equal("Service/LoadBalancer", Assert.Single(pod.Exposure).Kind);
        Assert.Equal(EvidenceMethods.KubernetesApi, pod.Evidence.Method);

        Assert.NotNull(finding.Registry);
        Assert.Equal(AmdDigest, finding.Registry.Digest);
        Assert.Equal(IndexDigest, finding.Registry.IndexDigest);
        Assert.Equal("linux/amd64", finding.Registry.Platform);
        var tag = Assert.Single(finding.Registry.References);
        Assert.Equal("acr.example.io/payments:1.4.2", tag.Reference);
        Assert.True(tag.Current);

        Assert.NotNull(finding.Pipeline);
        Assert.Equal(("github-actions", "9182555064", 1, "42"), (finding.Pipeline.System, finding.Pipeline.RunId, finding.Pipeline.Attempt, finding.Pipeline.RunNumber));
        Assert.Equal(EvidenceMethods.CiReport, finding.Pipeline.Evidence.Method);
        Assert.Equal("sha256:report", finding.Pipeline.Evidence.Document);

        Assert.NotNull(finding.Source);
        Assert.Equal(Repository, finding.Source.Repository);
        Assert.Equal(Sha, finding.Source.Commit);
        Assert.Equal($"https://{Repository}/commit/{Sha}", finding.Source.CommitUrl);
        var line = finding.Source.Dockerfile!;
        Assert.Equal(5, line.Line);
        Assert.Equal("RUN npm ci --omit=dev", line.Instruction);
        Assert.Equal(DockerfileAttribution.HistoryMatch, line.Attribution);
        Assert.Equal($"https://{Repository}/blob/{Sha}/Dockerfile#L5", line.Url);
        Assert.Empty(finding.Gaps);

        Assert.Equal(3, finding.BlastRadius.Pods);
        Assert.Equal(1, finding.BlastRadius.Workloads);
        Assert.Equal(["aks-prod"], finding.BlastRadius.Clusters);
        Assert.Equal(3, finding.BlastRadius.InternetExposedPods);
        Assert.Equal(3, finding.BlastRadius.RunAsRootPods);
    }

    [Fact]
    public async Task A_base_image_package_is_attributed_to_the_final_FROM_line()
    {
        var builder = new TraceGraphBuilder(Now).WithRegistryAndPipeline();
        await using var store = await StoreWith(builder);

        var report = await new TraceEngine(store).TraceAsync("CVE-2024-0002");

        var line = Assert.Single(report.Findings).Source!.Dockerfile!;
        Assert.Equal(1, line.Line);
        Assert.Equal("FROM node:20-bookworm-slim", line.Instruction);
        Assert.Equal(DockerfileAttribution.BaseImageLayers, line.Attribution);
    }

    [Fact]
    public async Task A_medium_on_many_exposed_production_pods_outranks_a_high_on_one_internal_dev_pod()
    {
        var medium = new VulnerabilityView("CVE-M", [], "MEDIUM", null, null, null, null);
        var high = new VulnerabilityView("CVE-H", [], "HIGH", null, null, null, null);
        var package = new PackageView("p", "1", null, null, null, null, null, null);
        var production = Enumerable.Range(0, 50).Select(i => Instance($"prod-{i}", "production", "pii", exposed: true)).ToList();
        var development = new[] { Instance("dev-0", "development", null, exposed: false) };

        var urgent = PriorityScorer.Score(medium, package, BlastRadius.Of(production));
        var calm = PriorityScorer.Score(high, package, BlastRadius.Of(development));

        Assert.True(urgent.Score > calm.Score, $"{urgent.Score} should exceed {calm.Score}");
        Assert.Equal("CRITICAL", urgent.Level);
        Assert.Equal("MEDIUM", calm.Level);
        Assert.Equal(urgent.Score, urgent.Factors.Sum(f => f.Contribution));
        Assert.Contains(urgent.Factors, f => f.Name == "internet exposure" && f.Contribution > 0);
        Assert.Contains(urgent.Factors, f => f.Name == "data sensitivity" && f.Value.Contains("pii", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trace_by_image_reference_and_by_pod_reach_the_same_chain_and_list_its_findings()
    {
        var builder = new TraceGraphBuilder(Now).WithRegistryAndPipeline()
            .WithDeployment("kind-test", "default", Development, 1, IndexDigest, internetFacing: false);
        await using var store = await StoreWith(builder);
        var engine = new TraceEngine(store);

        var byTag = await engine.TraceAsync("acr.example.io/payments:1.4.2");
        var byPod = await engine.TraceAsync("pod/default/payments-7d9f-000");
        var byShortDigest = await engine.TraceAsync(IndexDigest[..19]);

        Assert.Equal(IndexDigest, byTag.Target.Resolved);
        Assert.Equal("kind-test/default/payments-7d9f-000", byPod.Target.Resolved);
        Assert.Equal(IndexDigest, byShortDigest.Target.Resolved);
        foreach (var report in new[] { byTag, byPod, byShortDigest })
        {
            var image = Assert.Single(report.Images);
            Assert.Equal(IndexDigest, image.Digest);
            Assert.Equal(2, image.FindingCount);
            Assert.Equal("development", Assert.Single(image.Runtime).Environment);
            Assert.Equal(1, image.Source!.Dockerfile!.Line);
            Assert.Equal(["CVE-2024-0001", "CVE-2024-0002"], report.Findings.Select(f => f.Vulnerability.Id).Order().ToArray());
        }
    }

    [Fact]
    public async Task Missing_layers_are_null_with_a_gap_saying_why()
    {
        // Only the runtime knows this digest: no registry sync, no pipeline, no source.
        var orphan = "sha256:" + new string('7', 64);
        var builder = new TraceGraphBuilder(Now).WithDeployment("prod", "shop", Production, 1, orphan, internetFacing: false);
        await using var store = await StoreWith(builder);

        var report = await new TraceEngine(store).TraceAsync(orphan);

        var image = Assert.Single(report.Images);
        Assert.Null(image.Registry);
        Assert.Null(image.Pipeline);
        Assert.Null(image.Source);
        Assert.Single(image.Runtime);
        Assert.Equal(["pipeline", "registry", "source"], image.Gaps.Select(g => g.Layer).Order().ToArray());
        Assert.Contains("tether registry sync", image.Gaps.Single(g => g.Layer == "registry").Reason, StringComparison.Ordinal);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public async Task Tethers_own_match_is_traced_from_vulnerability_through_package_and_layer_to_the_running_image()
    {
        var builder = new TraceGraphBuilder(Now).WithRegistryAndPipeline().WithNativeMatch()
            .WithDeployment("aks-prod", "payments", Production, 2, IndexDigest, internetFacing: true);
        await using var store = await StoreWith(builder);

        var report = await new TraceEngine(store).TraceAsync("DEBIAN-CVE-2024-0003");

        var finding = Assert.Single(report.Findings);
        Assert.Equal("CVE-2024-0003", finding.Vulnerability.Id);
        Assert.Equal(("libssl3", "3.0.11-1~deb12u2", "3.0.14-1~deb12u2"), (finding.Package.Name, finding.Package.Version, finding.Package.FixedVersion));
        Assert.Equal(BaseLayer, finding.Package.LayerDiffId);
        Assert.Equal(EvidenceMethods.AdvisoryMatch, finding.Package.Evidence!.Method);
        Assert.NotNull(finding.Match);
        Assert.Equal(("DEBIAN-CVE-2024-0003", 0, "source package openssl"), (finding.Match.AdvisoryId, finding.Match.AffectedIndex, finding.Match.MatchedOn));
        Assert.Equal(2, finding.Runtime.Count);
        Assert.Equal(AmdDigest, finding.Registry!.Digest);
        Assert.Equal(1, finding.Source!.Dockerfile!.Line);

        var byImage = await new TraceEngine(store).TraceAsync(IndexDigest);
        Assert.Contains(byImage.Findings, f => f.Vulnerability.Id == "CVE-2024-0003" && f.Match is not null);
    }

    [Fact]
    public async Task A_resolved_match_no_longer_appears()
    {
        var builder = new TraceGraphBuilder(Now).WithRegistryAndPipeline().WithNativeMatch();
        await using var store = await StoreWith(builder);
        var resolve = new GraphBatch("matcher", Now.AddHours(1));
        resolve.DeclareSnapshot(NodeKinds.VulnerabilityMatch, "Debian:12|libssl3|3.0.11-1~deb12u2|");
        await store.IngestAsync(resolve);

        var report = await new TraceEngine(store).TraceAsync(AmdDigest);
        Assert.DoesNotContain(report.Findings, f => f.Vulnerability.Id == "CVE-2024-0003");
        Assert.Contains(report.Findings, f => f.Vulnerability.Id == "CVE-2024-0001");
    }

    [Theory]
    [InlineData("CVE-1999-0001", "no finding")]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000000", "no image with this digest")]
    [InlineData("pod/default/nope", "no such pod")]
    [InlineData("pod/only-two", "pod/NAMESPACE/NAME")]
    [InlineData("registry.example.com/app:1.0", "tether registry sync")]
    public async Task Unknown_targets_say_what_was_looked_for(string target, string expected)
    {
        await using var store = await StoreWith(new TraceGraphBuilder(Now).WithRegistryAndPipeline());
        var error = await Assert.ThrowsAsync<TraceTargetNotFoundException>(() => new TraceEngine(store).TraceAsync(target));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static RuntimeInstance Instance(string pod, string environment, string? data, bool exposed) =>
        new("c", "ns", pod, "app", new WorkloadView("Deployment", "app", null), null, environment, null, data,
            exposed ? [new ExposureView("Service/LoadBalancer", "ns/lb", "443/TCP")] : [],
            new PrivilegeView(false, false, false, false, false, []), null, null, "sha256:x",
            new EvidenceView("container runs image", EvidenceMethods.KubernetesApi, 1, "k", null, Now, Now));

    public void Dispose() => _dir.Dispose();
}
