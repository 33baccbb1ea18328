using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Core.Tests.Explore;

/// <summary>
/// A generated estate with a planted answer for every template, decided by the app number i (0…23):
/// apps below 20 are deployed (2 pods each, Deployment in cluster <c>prod</c> when i % 3 == 0, else <c>test</c>,
/// namespace <c>ns-{i % 5}</c>); all are tagged; app i is built by a CI run of <c>github.com/org/svc-{i % 4}</c> started
/// i hours after t0 unless i % 7 == 3 (no provenance); a LoadBalancer exposes it when i % 4 == 0; its container is
/// privileged when i % 5 == 0; its image has a critical RCE (CVSS AV:N/PR:N/C:H/I:H) when i % 6 == 0 and a HIGH when
/// i is odd. One extra finished pod (Succeeded) runs app 5's image in production and must never count.
/// </summary>
internal static class ExplorerInventory
{
    public const int Apps = 24;
    public const int Deployed = 20;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Digest(int i) => "sha256:" + i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    public static string Cluster(int i) => i % 3 == 0 ? "prod" : "test";

    public static string Namespace(int i) => $"ns-{i % 5}";

    public static string PodKey(int i, int replica) => PodFacts.KeyOf(Cluster(i), Namespace(i), $"app-{i}-{replica}");

    public static string WorkloadKey(int i) => WorkloadFacts.KeyOf(Cluster(i), Namespace(i), "Deployment", $"app-{i}");

    public static bool Built(int i) => i % 7 != 3;

    public static bool Exposed(int i) => i % 4 == 0;

    public static bool Privileged(int i) => i % 5 == 0;

    public static bool Critical(int i) => i % 6 == 0;

    public static bool High(int i) => i % 2 == 1;

    public static GraphBatch Build(DateTimeOffset now)
    {
        var batch = new GraphBatch("test", now);
        var api = new Evidence("kubernetes", EvidenceMethods.KubernetesApi, 1, now, "uid");
        var scan = new Evidence("trivy", EvidenceMethods.ScannerReport, 1, now, "sha256:report");
        var ci = new Evidence("ci-report", EvidenceMethods.CiReport, 0.9, now, "sha256:ci");
        var rce = batch.Add(new VulnerabilityFacts("CVE-2026-0001") { Severity = "CRITICAL", CvssScore = 9.8, CvssVector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Title = "heap overflow" });
        var high = batch.Add(new VulnerabilityFacts("CVE-2026-0002") { Severity = "HIGH", CvssScore = 7.5, CvssVector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", Title = "denial of service" });
        foreach (var cluster in new[] { "prod", "test" })
        {
            var c = batch.Add(new ClusterFacts(cluster));
            for (var n = 0; n < 5; n++)
            {
                var ns = batch.Add(new NamespaceFacts(cluster, $"ns-{n}") { Labels = new Dictionary<string, string> { ["environment"] = cluster == "prod" ? "production" : "test" } });
                batch.Link(c, EdgeTypes.Contains, ns, api);
            }
        }

        for (var i = 0; i < Apps; i++)
        {
            var image = batch.Add(new ImageFacts(Digest(i)) { Repositories = [$"registry.example.com/app-{i}"] });
            batch.Link(batch.Add(new ImageReferenceFacts("registry.example.com", $"app-{i}", "1.0")), EdgeTypes.ResolvesTo, image, new Evidence("registry", EvidenceMethods.RegistryManifest, 1, now, image.Digest));
            if (Built(i))
            {
                var repository = $"github.com/org/svc-{i % 4}";
                var run = batch.Add(new PipelineRunFacts("github-actions", repository, $"{1000 + i}", 1) { StartedAt = T0.AddHours(i), RunNumber = $"{i}" });
                var commit = batch.Add(new CommitFacts(repository, new string((char)('a' + (i % 6)), 39) + (i % 10)));
                batch.Link(run, EdgeTypes.Built, image, ci);
                batch.Link(run, EdgeTypes.BuiltFrom, commit, ci);
                batch.Link(commit, EdgeTypes.InRepository, batch.Add(new SourceRepositoryFacts(repository)), ci);
            }

            foreach (var (planted, vulnerability) in new[] { (Critical(i), rce), (High(i), high) })
            {
                if (planted)
                {
                    var finding = batch.Add(new FindingFacts(image.Digest, $"pkg:npm/lib-{i}@1.0.0", vulnerability.Id) { PackageName = $"lib-{i}", InstalledVersion = "1.0.0" });
                    batch.Link(image, EdgeTypes.HasFinding, finding, scan);
                    batch.Link(finding, EdgeTypes.OfVulnerability, vulnerability, scan);
                }
            }

            if (i >= Deployed)
            {
                continue;
            }

            var nsRef = new NodeRef(NodeKinds.Namespace, $"{Cluster(i)}/{Namespace(i)}");
            var workload = batch.Add(new WorkloadFacts(Cluster(i), Namespace(i), "Deployment", $"app-{i}") { Replicas = 2 });
            batch.Link(nsRef, EdgeTypes.Contains, workload.Ref, api);
            var labels = new Dictionary<string, string> { ["app"] = $"app-{i}" };
            for (var r = 0; r < 2; r++)
            {
                AddPod(batch, api, i, $"app-{i}-{r}", "Running", labels, workload.Ref, image.Ref);
            }

            if (Exposed(i))
            {
                var service = batch.Add(new ServiceFacts(Cluster(i), Namespace(i), $"app-{i}") { Type = "LoadBalancer", Selector = labels, ExternallyReachable = true });
                batch.Link(nsRef, EdgeTypes.Contains, service.Ref, api);
                for (var r = 0; r < 2; r++)
                {
                    batch.Link(service.Ref, EdgeTypes.Selects, new NodeRef(NodeKinds.Pod, PodKey(i, r)), new Evidence("kubernetes", EvidenceMethods.LabelSelector, 1, now, "uid"));
                }
            }
        }

        // A finished job pod in production running app 5's image (HIGH): finished pods run nothing.
        AddPod(batch, api, 0, "migrate-5", "Succeeded", new Dictionary<string, string>(), null, new NodeRef(NodeKinds.Image, Digest(5)));
        return batch;
    }

    private static void AddPod(GraphBatch batch, Evidence api, int i, string name, string phase, Dictionary<string, string> labels, NodeRef? owner, NodeRef image)
    {
        var pod = batch.Add(new PodFacts(Cluster(i), Namespace(i), name) { Phase = phase, Labels = labels });
        batch.Link(new NodeRef(NodeKinds.Namespace, $"{Cluster(i)}/{Namespace(i)}"), EdgeTypes.Contains, pod.Ref, api);
        if (owner is { } o)
        {
            batch.Link(pod.Ref, EdgeTypes.OwnedBy, o, api);
        }

        var container = batch.Add(new ContainerFacts(Cluster(i), Namespace(i), name, "app") { Privileged = Privileged(i) && phase == "Running", ImageDigest = image.Key });
        batch.Link(pod.Ref, EdgeTypes.HasContainer, container.Ref, api);
        batch.Link(container.Ref, EdgeTypes.RunsImage, image, api);
    }
}
