using System.Globalization;
using System.Text.Json;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Pipeline.CiReport.Payload;

namespace Tether.Benchmarks;

/// <summary>
/// A synthetic estate shaped like a real one, written in the formats the collectors read: one
/// <c>kubectl get … -o json</c> List per cluster (namespaces, Deployments, ReplicaSets, pods, services) and
/// one CI report payload per pipeline run. Registry facts (tags, configs) are produced as facts directly:
/// the registry sync's cost is the registry round trips, which a local benchmark cannot represent.
/// Deploy popularity is skewed (a few images run everywhere, most in one place). Deterministic per seed.
/// </summary>
public sealed class InventoryGenerator(InventorySize size, int seed = 42)
{
    private const string Registry = "registry.example.com";
    private readonly Random _random = new(seed);
    private readonly DateTimeOffset _now = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    public string ImageDigest(int i) => "sha256:" + Hex(i, 0x1a);

    /// <summary>Diff id of base layer <paramref name="layer"/> (0–49): image i has base layer i mod 50.</summary>
    public string BaseLayerDiffId(int layer) => "sha256:" + Hex(layer, 0x3c);

    /// <summary>Diff id of image <paramref name="image"/>'s own (app) layer.</summary>
    public string AppLayerDiffId(int image) => "sha256:" + Hex(image, 0x4d);

    public string PodKey(int cluster, int pod) => PodFacts.KeyOf(ClusterName(cluster), Namespace(pod), PodName(pod));

    public static string ClusterName(int cluster) => $"cluster-{cluster:D3}";

    /// <summary>Registry facts for every image, in batches.</summary>
    public IEnumerable<GraphBatch> RegistryBatches(int batchSize = 5_000)
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
                    DiffIds = [BaseLayerDiffId(i % 50), AppLayerDiffId(i)],
                    History = [new ImageHistoryEntry("# base", false, _now, null), new ImageHistoryEntry("RUN /bin/sh -c make # buildkit", false, _now, null)],
                    Labels = new Dictionary<string, string> { ["org.opencontainers.image.version"] = $"1.{i % 100}" },
                });
                var reference = batch.Add(new ImageReferenceFacts(Registry, Repository(i), $"v{i}"));
                batch.Link(reference, EdgeTypes.ResolvesTo, image, new Evidence("bench", EvidenceMethods.RegistryManifest, 1, _now, image.Digest));
            }

            yield return batch;
        }
    }

    /// <summary>One CI report payload (JSON, schema v1) per pipeline run; run i built image i.</summary>
    public IEnumerable<byte[]> CiReports()
    {
        for (var i = 0; i < size.PipelineRuns; i++)
        {
            var project = $"org-{i % 100}/service-{i % 2_000}";
            yield return CiReportJson.Serialize(new CiReportPayload
            {
                GeneratedAt = _now,
                Run = new CiRun
                {
                    System = CiRun.GitHubActions,
                    ServerUrl = "https://github.com",
                    Project = project,
                    RunId = (10_000_000 + i).ToString(CultureInfo.InvariantCulture),
                    Attempt = 1,
                    RunNumber = (i % 500).ToString(CultureInfo.InvariantCulture),
                    RepositoryUrl = $"https://github.com/{project}",
                    WorkflowPath = ".github/workflows/build.yml",
                    Event = "push",
                    GitRef = "refs/heads/main",
                },
                Commit = new CiCommit { Sha = Hex(i, 0x5e)[..40], AuthorName = "dev" },
                Images = [new CiImage { Digest = ImageDigest(i), Names = [$"{Registry}/{Repository(i)}:v{i}"] }],
            });
        }
    }

    /// <summary>One kubectl List document per cluster.</summary>
    public IEnumerable<(string Cluster, byte[] Json)> ClusterDocuments()
    {
        var podsPerCluster = size.Pods / size.Clusters;
        for (var c = 0; c < size.Clusters; c++)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("apiVersion", "v1");
                json.WriteString("kind", "List");
                json.WriteStartArray("items");
                var cluster = ClusterName(c);
                string? image = null;
                for (var p = 0; p < podsPerCluster; p++)
                {
                    var ns = Namespace(p);
                    if (p % 100 == 0)
                    {
                        Object(json, "v1", "Namespace", ns, null, $"{cluster}-{ns}", metadata =>
                            Labels(metadata, ("environment", c % 3 == 0 ? "production" : "test")));
                    }

                    if (p % 5 == 0)
                    {
                        var app = $"app-{p / 5}";
                        image = ImageDigest(PickImage());
                        Object(json, "apps/v1", "Deployment", app, ns, $"{cluster}-{app}-d", metadata => Labels(metadata, ("app", app)), spec => spec.WriteNumber("replicas", 5));
                        Object(json, "apps/v1", "ReplicaSet", app + "-5d8f", ns, $"{cluster}-{app}-rs", metadata =>
                        {
                            Labels(metadata, ("app", app));
                            Owner(metadata, "Deployment", app);
                        });
                        if (p % 20 == 0)
                        {
                            Object(json, "v1", "Service", app, ns, $"{cluster}-{app}-svc", null, spec =>
                            {
                                spec.WriteString("type", "LoadBalancer");
                                spec.WriteStartObject("selector");
                                spec.WriteString("app", app);
                                spec.WriteEndObject();
                            });
                        }
                    }

                    var podName = PodName(p);
                    var appName = $"app-{p / 5}";
                    var digest = image!;
                    Object(
                        json, "v1", "Pod", podName, ns, $"{cluster}-{podName}",
                        metadata =>
                        {
                            Labels(metadata, ("app", appName));
                            Owner(metadata, "ReplicaSet", appName + "-5d8f");
                        },
                        spec =>
                        {
                            spec.WriteString("nodeName", $"node-{p % 30}");
                            spec.WriteStartArray("containers");
                            spec.WriteStartObject();
                            spec.WriteString("name", "app");
                            spec.WriteString("image", $"{Registry}/app:latest");
                            spec.WriteEndObject();
                            spec.WriteEndArray();
                        },
                        status =>
                        {
                            status.WriteString("phase", "Running");
                            status.WriteStartArray("containerStatuses");
                            status.WriteStartObject();
                            status.WriteString("name", "app");
                            status.WriteBoolean("ready", true);
                            status.WriteNumber("restartCount", 0);
                            status.WriteString("image", $"{Registry}/app:latest");
                            status.WriteString("imageID", $"{Registry}/app@{digest}");
                            status.WriteEndObject();
                            status.WriteEndArray();
                        });
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            yield return (ClusterName(c), buffer.ToArray());
        }
    }

    private static void Object(
        Utf8JsonWriter json, string apiVersion, string kind, string name, string? ns, string uid,
        Action<Utf8JsonWriter>? metadata, Action<Utf8JsonWriter>? spec = null, Action<Utf8JsonWriter>? status = null)
    {
        json.WriteStartObject();
        json.WriteString("apiVersion", apiVersion);
        json.WriteString("kind", kind);
        json.WriteStartObject("metadata");
        json.WriteString("name", name);
        if (ns is not null)
        {
            json.WriteString("namespace", ns);
        }

        json.WriteString("uid", uid);
        metadata?.Invoke(json);
        json.WriteEndObject();
        foreach (var (part, write) in new[] { ("spec", spec), ("status", status) })
        {
            if (write is not null)
            {
                json.WriteStartObject(part);
                write(json);
                json.WriteEndObject();
            }
        }

        json.WriteEndObject();
    }

    private static void Labels(Utf8JsonWriter json, params (string Key, string Value)[] labels)
    {
        json.WriteStartObject("labels");
        foreach (var (key, value) in labels)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static void Owner(Utf8JsonWriter json, string kind, string name)
    {
        json.WriteStartArray("ownerReferences");
        json.WriteStartObject();
        json.WriteString("apiVersion", "apps/v1");
        json.WriteString("kind", kind);
        json.WriteString("name", name);
        json.WriteString("uid", name + "-uid");
        json.WriteBoolean("controller", true);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private int PickImage()
    {
        // Square of a uniform variable: low indexes (popular images) drawn far more often.
        var u = _random.NextDouble();
        return (int)(u * u * Math.Min(size.Images, size.PipelineRuns));
    }

    private static string Repository(int image) => $"team-{image % 200}/app-{image % 5_000}";

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
