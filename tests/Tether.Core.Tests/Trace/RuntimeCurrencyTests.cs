using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Trace;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Core.Tests.Trace;

/// <summary>The runtime layer shows the present: re-created pods, finished pods and changed selectors.</summary>
public sealed class RuntimeCurrencyTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);
    private static readonly string Old = "sha256:" + new string('a', 64);
    private static readonly string New = "sha256:" + new string('b', 64);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task A_pod_recreated_with_a_new_image_runs_only_the_new_one()
    {
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("t.db"), new ManualClock());
        await store.IngestAsync(Pod(T0, Old, "Running"));
        await store.IngestAsync(Pod(T0.AddMinutes(5), New, "Running"));
        var engine = new TraceEngine(store);

        Assert.Empty((await engine.TraceAsync(Old)).Images[0].Runtime);
        Assert.Single((await engine.TraceAsync(New)).Images[0].Runtime);
        Assert.Equal(New, Assert.Single((await engine.TraceAsync("pod/web/web-0", "c1")).Images).Digest);
    }

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public async Task A_finished_pod_runs_nothing(string phase)
    {
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("t.db"), new ManualClock());
        await store.IngestAsync(Pod(T0, Old, phase));

        var image = Assert.Single((await new TraceEngine(store).TraceAsync(Old)).Images);
        Assert.Empty(image.Runtime);
        Assert.Contains(image.Gaps, g => g.Layer == "runtime");
    }

    [Fact]
    public async Task A_service_whose_selector_no_longer_matches_does_not_expose_the_pod()
    {
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("t.db"), new ManualClock());
        await store.IngestAsync(Pod(T0, Old, "Running", selector: "web"));
        Assert.Single((await new TraceEngine(store).TraceAsync(Old)).Images[0].Runtime[0].Exposure);

        // The selector changed to another app; the old `selects` edge is still stored.
        var changed = new GraphBatch("k8s", T0.AddMinutes(5));
        changed.Add(new ServiceFacts("c1", "web", "lb") { Type = "LoadBalancer", ExternallyReachable = true, Selector = new Dictionary<string, string> { ["app"] = "api" } });
        await store.IngestAsync(changed);

        Assert.Empty((await new TraceEngine(store).TraceAsync(Old)).Images[0].Runtime[0].Exposure);
    }

    [Fact]
    public async Task A_finding_linked_from_both_the_index_and_its_manifest_is_one_finding()
    {
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("t.db"), new ManualClock());
        var batch = Pod(T0, Old, "Running");
        var index = batch.Add(new ImageFacts(Old) { IsIndex = true });
        var manifest = batch.Add(new ImageFacts(New) { Platform = "linux/amd64" });
        var evidence = new Evidence("grype", EvidenceMethods.ScannerReport, 0.9, T0);
        batch.Link(index, EdgeTypes.HasManifest, manifest, evidence);
        var finding = batch.Add(new FindingFacts(New, "pkg:rpm/redhat/openssl", "CVE-2024-9999") { PackageName = "openssl", InstalledVersion = "1:3.0.7-25.el9" });
        var vulnerability = batch.Add(new VulnerabilityFacts("CVE-2024-9999"));
        batch.Link(index, EdgeTypes.HasFinding, finding, evidence);
        batch.Link(manifest, EdgeTypes.HasFinding, finding, evidence);
        batch.Link(finding, EdgeTypes.OfVulnerability, vulnerability, evidence);
        await store.IngestAsync(batch);

        var report = await new TraceEngine(store).TraceAsync("CVE-2024-9999");
        var only = Assert.Single(report.Findings);
        Assert.Equal(New, only.Registry!.Digest);
        Assert.Single(only.Runtime);
        Assert.Single((await new TraceEngine(store).TraceAsync("pod/web/web-0", "c1")).Findings);
    }

    [Fact]
    public void Facts_added_twice_to_one_batch_merge_instead_of_replacing()
    {
        var batch = new GraphBatch("registry", T0);
        batch.Add(new ImageFacts(Old) { Platform = "linux/amd64", DiffIds = ["sha256:" + new string('1', 64)] });
        batch.Add(new ImageFacts(Old) { Repositories = ["reg/app"] });

        var image = (ImageFacts)Assert.Single(batch.Nodes);
        Assert.Equal("linux/amd64", image.Platform);
        Assert.Single(image.DiffIds!);
        Assert.Equal(["reg/app"], image.Repositories);
    }

    [Theory]
    [InlineData(".github/docker/Dockerfile", "https://github.com/o/r/blob/abc/.github/docker/Dockerfile#L3")]
    [InlineData("./Dockerfile", "https://github.com/o/r/blob/abc/Dockerfile#L3")]
    [InlineData("/build/Dockerfile", "https://github.com/o/r/blob/abc/build/Dockerfile#L3")]
    public void Dockerfile_links_keep_dot_folders(string path, string expected) =>
        Assert.Equal(expected, SourceLinks.FileLine("github.com/o/r", "abc", path, 3));

    private static GraphBatch Pod(DateTimeOffset at, string digest, string phase, string? selector = null)
    {
        var batch = new GraphBatch("k8s", at);
        var api = new Evidence("k8s", EvidenceMethods.KubernetesApi, 1, at);
        var ns = batch.Add(new NamespaceFacts("c1", "web"));
        var pod = batch.Add(new PodFacts("c1", "web", "web-0") { Phase = phase, Labels = new Dictionary<string, string> { ["app"] = "web" } });
        var container = batch.Add(new ContainerFacts("c1", "web", "web-0", "app"));
        var image = batch.Add(new ImageFacts(digest));
        batch.Link(ns, EdgeTypes.Contains, pod, api);
        batch.Link(pod, EdgeTypes.HasContainer, container, api);
        batch.Link(container, EdgeTypes.RunsImage, image, api);
        if (selector is not null)
        {
            var service = batch.Add(new ServiceFacts("c1", "web", "lb") { Type = "LoadBalancer", ExternallyReachable = true, Selector = new Dictionary<string, string> { ["app"] = selector } });
            batch.Link(service, EdgeTypes.Selects, pod, api);
        }

        return batch;
    }

    public void Dispose() => _dir.Dispose();
}
