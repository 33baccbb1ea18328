using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Benchmarks;

/// <summary>
/// A synthetic estate shaped like a real one: clusters with namespaces of Deployments whose pods run
/// images built by CI runs from commits, a long tail of images only seen in the registry, and deploy
/// popularity skewed (a few images run everywhere, most run in one place). Deterministic per seed.
/// </summary>
public sealed class InventoryGenerator(InventorySize size, int seed = 42)
{
    private readonly Random _random = new(seed);
    private readonly DateTimeOffset _now = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    public string ImageDigest(int i) => "sha256:" + Hex(i, 0x1a);

    public string PodKey(int cluster, int pod) => PodFacts.KeyOf(ClusterName(cluster), Namespace(pod), PodName(pod));

    public static string ClusterName(int cluster) => $"cluster-{cluster:D3}";

    /// <summary>Registry and pipeline facts, in batches of about <paramref name="batchSize"/> images.</summary>
    public IEnumerable<GraphBatch> BuildBatches(int batchSize = 5_000)
    {
        for (var start = 0; start < size.Images; start += batchSize)
        {
            var batch = new GraphBatch("bench-registry", _now);
            for (var i = start; i < Math.Min(size.Images, start + batchSize); i++)
            {
                var image = batch.Add(new ImageFacts(ImageDigest(i))
                {
                    Platform = "linux/amd64",
                    ConfigDigest = "sha256:" + Hex(i, 0x2b),
                    DiffIds = ["sha256:" + Hex(i % 50, 0x3c), "sha256:" + Hex(i, 0x4d)],
                    History = [new ImageHistoryEntry("# base", false, _now, null), new ImageHistoryEntry("RUN /bin/sh -c make # buildkit", false, _now, null)],
                    Labels = new Dictionary<string, string> { ["org.opencontainers.image.version"] = $"1.{i % 100}" },
                });
                var reference = batch.Add(new ImageReferenceFacts("registry.example.com", $"team-{i % 200}/app-{i % 5_000}", $"v{i}"));
                batch.Link(reference, EdgeTypes.ResolvesTo, image, new Evidence("bench", EvidenceMethods.RegistryManifest, 1, _now, image.Digest));
                if (i < size.PipelineRuns)
                {
                    var repo = $"github.com/org-{i % 100}/service-{i % 2_000}";
                    var sha = Hex(i, 0x5e)[..40];
                    var run = batch.Add(new PipelineRunFacts("github-actions", repo, (10_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), 1)
                    {
                        Workflow = ".github/workflows/build.yml",
                        RunNumber = (i % 500).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Event = "push",
                    });
                    var commit = batch.Add(new CommitFacts(repo, sha));
                    var source = batch.Add(new SourceRepositoryFacts(repo));
                    var evidence = new Evidence("bench", EvidenceMethods.CiReport, 0.9, _now, "sha256:" + Hex(i, 0x6f));
                    batch.Link(run, EdgeTypes.Built, image, evidence);
                    batch.Link(run, EdgeTypes.BuiltFrom, commit, evidence);
                    batch.Link(commit, EdgeTypes.InRepository, source, evidence);
                }
            }

            yield return batch;
        }
    }

    /// <summary>One batch per cluster: namespaces, Deployments/ReplicaSets, pods, containers, services.</summary>
    public IEnumerable<GraphBatch> RuntimeBatches()
    {
        var podsPerCluster = size.Pods / size.Clusters;
        for (var c = 0; c < size.Clusters; c++)
        {
            var clusterName = ClusterName(c);
            var batch = new GraphBatch("bench-kubernetes", _now);
            var api = new Evidence("bench", EvidenceMethods.KubernetesApi, 1, _now);
            var cluster = batch.Add(new ClusterFacts(clusterName));
            var namespaces = new Dictionary<string, NamespaceFacts>();
            WorkloadFacts? replicaSet = null;
            ServiceFacts? service = null;
            string? digest = null;
            for (var p = 0; p < podsPerCluster; p++)
            {
                var nsName = Namespace(p);
                if (!namespaces.TryGetValue(nsName, out var ns))
                {
                    ns = batch.Add(new NamespaceFacts(clusterName, nsName) { Labels = new Dictionary<string, string> { ["environment"] = c % 3 == 0 ? "production" : "test" } });
                    namespaces[nsName] = ns;
                    batch.Link(cluster, EdgeTypes.Contains, ns, api);
                }

                // Five replicas per Deployment; the image is drawn with a skew toward popular images.
                if (p % 5 == 0)
                {
                    var deployment = batch.Add(new WorkloadFacts(clusterName, nsName, "Deployment", $"app-{p / 5}") { Replicas = 5 });
                    replicaSet = batch.Add(new WorkloadFacts(clusterName, nsName, "ReplicaSet", $"app-{p / 5}-5d8f"));
                    batch.Link(replicaSet, EdgeTypes.OwnedBy, deployment, api);
                    digest = ImageDigest(PickImage());
                    batch.Add(new ImageFacts(digest));
                    service = p % 20 == 0
                        ? batch.Add(new ServiceFacts(clusterName, nsName, $"app-{p / 5}") { Type = "LoadBalancer", ExternallyReachable = true })
                        : null;
                }

                var pod = batch.Add(new PodFacts(clusterName, nsName, PodName(p)) { NodeName = $"node-{p % 30}" });
                batch.Link(ns, EdgeTypes.Contains, pod, api);
                batch.Link(pod, EdgeTypes.OwnedBy, replicaSet!, api);
                var container = batch.Add(new ContainerFacts(clusterName, nsName, pod.Name, "app") { ImageDigest = digest });
                batch.Link(pod, EdgeTypes.HasContainer, container, api);
                batch.Link(container.Ref, EdgeTypes.RunsImage, new NodeRef(NodeKinds.Image, digest!), api);
                if (service is not null)
                {
                    batch.Link(service, EdgeTypes.Selects, pod, new Evidence("bench", EvidenceMethods.LabelSelector, 1, _now));
                }
            }

            batch.DeclareSnapshot(NodeKinds.Pod, clusterName + "/");
            yield return batch;
        }
    }

    private int PickImage()
    {
        // Square of a uniform variable: low indexes (popular images) drawn far more often.
        var u = _random.NextDouble();
        return (int)(u * u * Math.Min(size.Images, size.PipelineRuns));
    }

    private static string Namespace(int pod) => $"ns-{pod / 100:D2}";

    private static string PodName(int pod) => $"app-{pod / 5}-5d8f-{pod % 5:D2}";

    private static string Hex(int i, int salt) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(((long)salt << 32) | (uint)i)));
}

public sealed record InventorySize(int Clusters, int Pods, int Images, int PipelineRuns)
{
    public static InventorySize Scaled(int pods) =>
        new(Math.Max(1, pods / 1_000), pods, pods / 2, pods / 5);
}
