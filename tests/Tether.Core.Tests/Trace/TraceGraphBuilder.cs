using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Core.Tests.Trace;

/// <summary>
/// Builds the facts the collectors would produce for an app deployed to clusters: enough structure to
/// exercise every resolver, with values the tests then assert.
/// </summary>
internal sealed class TraceGraphBuilder(DateTimeOffset now)
{
    public const string Repository = "github.com/acme/payments";
    public const string Sha = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    public static readonly string IndexDigest = "sha256:" + new string('1', 64);
    public static readonly string AmdDigest = "sha256:" + new string('2', 64);
    public static readonly string BaseLayer = "sha256:" + new string('b', 64);
    public static readonly string NpmLayer = "sha256:" + new string('c', 64);
    public static readonly string DevDigest = "sha256:" + new string('3', 64);
    public static readonly string IdleDigest = "sha256:" + new string('4', 64);

    public GraphBatch Batch { get; } = new("test", now);

    private Evidence Api => new("kubernetes", EvidenceMethods.KubernetesApi, 1.0, now, "uid");

    public TraceGraphBuilder WithRegistryAndPipeline()
    {
        var b = Batch;
        var index = b.Add(new ImageFacts(IndexDigest) { IsIndex = true, MediaType = "application/vnd.oci.image.index.v1+json" });
        var amd = b.Add(new ImageFacts(AmdDigest)
        {
            Platform = "linux/amd64",
            ConfigDigest = "sha256:" + new string('9', 64),
            DiffIds = [BaseLayer, NpmLayer],
            History =
            [
                new ImageHistoryEntry("/bin/sh -c #(nop) ADD file:4b1be1de1a1e5aa608c688cad2824587262081866180c7368feb79d33ca05953 in / ", false, now, null),
                new ImageHistoryEntry("/bin/sh -c #(nop)  CMD [\"bash\"]", true, now, null),
                new ImageHistoryEntry("WORKDIR /app", true, now, "buildkit.dockerfile.v0"),
                new ImageHistoryEntry("RUN /bin/sh -c npm ci --omit=dev # buildkit", false, now, "buildkit.dockerfile.v0"),
            ],
        });
        var registry = new Evidence("registry", EvidenceMethods.RegistryManifest, 1.0, now, IndexDigest);
        b.Link(index, EdgeTypes.HasManifest, amd, registry);
        var tag = b.Add(new ImageReferenceFacts("acr.example.io", "payments", "1.4.2"));
        b.Link(tag, EdgeTypes.ResolvesTo, index, registry);

        var run = b.Add(new PipelineRunFacts("github-actions", Repository, "9182555064", 1)
        {
            Workflow = ".github/workflows/build.yml",
            RunNumber = "42",
            Event = "push",
            Actor = "octocat",
            Url = $"https://{Repository}/actions/runs/9182555064/attempts/1",
        });
        b.Link(run, EdgeTypes.Built, index, new Evidence("ci-report", EvidenceMethods.CiReport, 0.9, now, "sha256:report"));
        var commit = b.Add(new CommitFacts(Repository, Sha) { Author = "Octo Cat" });
        var repo = b.Add(new SourceRepositoryFacts(Repository));
        b.Link(run, EdgeTypes.BuiltFrom, commit, new Evidence("ci-report", EvidenceMethods.CiReport, 0.9, now));
        b.Link(commit, EdgeTypes.InRepository, repo, new Evidence("ci-report", EvidenceMethods.CiReport, 0.9, now));
        var dockerfile = b.Add(new DockerfileFacts(Repository, Sha, "Dockerfile")
        {
            Stages = [new DockerfileFrom(1, "node:20-bookworm-slim", null, null)],
            Instructions =
            [
                new DockerfileInstruction(1, "FROM", "node:20-bookworm-slim"),
                new DockerfileInstruction(3, "WORKDIR", "/app"),
                new DockerfileInstruction(5, "RUN", "npm ci --omit=dev"),
            ],
        });
        b.Link(run, EdgeTypes.UsedDockerfile, dockerfile, new Evidence("ci-report", EvidenceMethods.CiReport, 0.9, now));

        var vulnerability = b.Add(new VulnerabilityFacts("CVE-2024-0001") { AliasIds = ["GHSA-aaaa-bbbb-cccc"], Severity = "MEDIUM" });
        var finding = b.Add(new FindingFacts(AmdDigest, "pkg:npm/lodash@4.17.20", "CVE-2024-0001")
        {
            PackageName = "lodash",
            InstalledVersion = "4.17.20",
            FixedVersion = "4.17.21",
            LayerDiffId = NpmLayer,
        });
        var scan = new Evidence("trivy", EvidenceMethods.ScannerReport, 1.0, now, "sha256:trivy");
        b.Link(amd, EdgeTypes.HasFinding, finding, scan);
        b.Link(finding, EdgeTypes.OfVulnerability, vulnerability, scan);
        var baseFinding = b.Add(new FindingFacts(AmdDigest, "pkg:deb/debian/openssl@3.0.11", "CVE-2024-0002")
        {
            PackageName = "openssl",
            InstalledVersion = "3.0.11-1~deb12u2",
            LayerDiffId = BaseLayer,
        });
        var highVulnerability = b.Add(new VulnerabilityFacts("CVE-2024-0002") { Severity = "HIGH" });
        b.Link(amd, EdgeTypes.HasFinding, baseFinding, scan);
        b.Link(baseFinding, EdgeTypes.OfVulnerability, highVulnerability, scan);
        return this;
    }

    /// <summary>
    /// What an SBOM ingest and a match would add: the amd64 image's layers, libssl3 (source openssl) in the base
    /// layer, and Tether's own match of it to CVE-2024-0003 by a Debian advisory.
    /// </summary>
    public TraceGraphBuilder WithNativeMatch()
    {
        var b = Batch;
        var sbom = new Evidence("sbom", EvidenceMethods.ScannerReport, 0.9, now, "sha256:sbom");
        var image = b.Add(new ImageFacts(AmdDigest));
        var baseLayer = b.Add(new LayerFacts(BaseLayer));
        var npmLayer = b.Add(new LayerFacts(NpmLayer));
        b.Link(image, EdgeTypes.HasLayer, baseLayer, sbom);
        b.Link(image, EdgeTypes.HasLayer, npmLayer, sbom);
        var package = b.Add(new PackageFacts("Debian:12", "libssl3", "3.0.11-1~deb12u2") { SourceName = "openssl", Type = "deb" });
        b.Link(baseLayer, EdgeTypes.ContainsPackage, package, sbom);
        var vulnerability = b.Add(new VulnerabilityFacts("CVE-2024-0003") { AliasIds = ["DEBIAN-CVE-2024-0003"] });
        var match = b.Add(new VulnerabilityMatchFacts(package.Key, vulnerability.Id)
        {
            AdvisoryId = "DEBIAN-CVE-2024-0003",
            AffectedIndex = 0,
            RangeIndex = 0,
            MatchedOn = "source package openssl",
            Reason = "ECOSYSTEM range 0: 3.0.11-1~deb12u2 ≥ introduced 0 and < fixed 3.0.14-1~deb12u2",
            Introduced = "0",
            FixedVersion = "3.0.14-1~deb12u2",
            Severity = "MEDIUM",
        });
        var matched = new Evidence("matcher", EvidenceMethods.AdvisoryMatch, 1.0, now, "osv:DEBIAN-CVE-2024-0003");
        b.Link(package, EdgeTypes.HasMatch, match, matched);
        b.Link(match, EdgeTypes.OfVulnerability, vulnerability, matched);
        return this;
    }

    /// <summary>
    /// The base layer holding matched libssl3 (CVE-2024-0003) in three images: the pipeline-built one running in production
    /// (2 exposed pods), one only the runtime knows (1 development pod), and one that runs nowhere.
    /// </summary>
    public static TraceGraphBuilder BaseLayerInThreeImages(DateTimeOffset now) =>
        new TraceGraphBuilder(now).WithRegistryAndPipeline().WithNativeMatch()
            .WithDeployment("aks-prod", "payments", new Dictionary<string, string> { ["environment"] = "production" }, 2, IndexDigest, internetFacing: true)
            .WithDeployment("kind-dev", "default", new Dictionary<string, string> { ["env"] = "dev" }, 1, DevDigest, internetFacing: false)
            .WithBaseLayerIn(DevDigest)
            .WithBaseLayerIn(IdleDigest);

    /// <summary>Another image built on the same base layer, so the base layer's packages (and their matches) are in it too.</summary>
    public TraceGraphBuilder WithBaseLayerIn(string digest)
    {
        var image = Batch.Add(new ImageFacts(digest));
        Batch.Link(image, EdgeTypes.HasLayer, Batch.Add(new LayerFacts(BaseLayer)), new Evidence("sbom", EvidenceMethods.ScannerReport, 0.9, now, "sha256:sbom-" + digest[7..15]));
        return this;
    }

    /// <summary>Pods of a Deployment in one namespace, all running <paramref name="digest"/>.</summary>
    public TraceGraphBuilder WithDeployment(string cluster, string ns, IReadOnlyDictionary<string, string> namespaceLabels, int replicas, string digest, bool internetFacing)
    {
        var b = Batch;
        var clusterNode = b.Add(new ClusterFacts(cluster));
        var nsNode = b.Add(new NamespaceFacts(cluster, ns) { Labels = namespaceLabels });
        b.Link(clusterNode, EdgeTypes.Contains, nsNode, Api);
        var deployment = b.Add(new WorkloadFacts(cluster, ns, "Deployment", "payments") { Replicas = replicas });
        var replicaSet = b.Add(new WorkloadFacts(cluster, ns, "ReplicaSet", "payments-7d9f"));
        b.Link(replicaSet, EdgeTypes.OwnedBy, deployment, Api);
        var image = b.Add(new ImageFacts(digest));
        ServiceFacts? service = null;
        if (internetFacing)
        {
            service = b.Add(new ServiceFacts(cluster, ns, "payments-lb")
            {
                Type = "LoadBalancer",
                ExternallyReachable = true,
                Ports = ["443/TCP"],
                ExternalAddresses = ["20.1.2.3"],
                Selector = new Dictionary<string, string> { ["app"] = "payments" },
            });
        }

        for (var i = 0; i < replicas; i++)
        {
            var pod = b.Add(new PodFacts(cluster, ns, $"payments-7d9f-{i:D3}") { NodeName = "node-1", Phase = "Running", Labels = new Dictionary<string, string> { ["app"] = "payments" } });
            b.Link(nsNode, EdgeTypes.Contains, pod, Api);
            b.Link(pod, EdgeTypes.OwnedBy, replicaSet, Api);
            var container = b.Add(new ContainerFacts(cluster, ns, pod.Name, "app") { ImageDigest = digest, RunAsRoot = true });
            b.Link(pod, EdgeTypes.HasContainer, container, Api);
            b.Link(container, EdgeTypes.RunsImage, image, Api);
            if (service is not null)
            {
                b.Link(service, EdgeTypes.Selects, pod, new Evidence("kubernetes", EvidenceMethods.LabelSelector, 1.0, now));
            }
        }

        return this;
    }
}
