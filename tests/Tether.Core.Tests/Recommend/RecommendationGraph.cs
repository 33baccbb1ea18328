using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Tests.Trace;

namespace Tether.Core.Tests.Recommend;

/// <summary>
/// Two repositories building on one Debian base layer, as the collectors would store them:
/// <list type="bullet">
/// <item><c>github.com/acme/payments</c> (image A, 3 internet-facing production pods): its own layer installs
/// <c>libssl-dev</c> by <c>RUN apt-get</c> (Dockerfile line 2);</item>
/// <item><c>github.com/acme/ledger</c> (image B, 1 development pod): its own layer is <c>RUN npm ci</c> (line 4) with lodash.</item>
/// </list>
/// The base layer holds libssl3 and openssl (source openssl 3.0.8-1): CVE-2024-1001 (HIGH) fixed in 3.0.9-1,
/// CVE-2024-1002 (MEDIUM) fixed in 3.0.14-1~deb12u2 — text order would pick 3.0.9-1, dpkg order picks 3.0.14-1~deb12u2 —
/// and CVE-2024-1003 (LOW) with no fix.
/// </summary>
internal static class RecommendationGraph
{
    public const string Payments = "github.com/acme/payments";
    public const string Ledger = "github.com/acme/ledger";
    public static readonly string ImageA = "sha256:" + new string('a', 64);
    public static readonly string ImageB = "sha256:" + new string('e', 64);
    public static readonly string BaseLayer = "sha256:" + new string('b', 64);
    public static readonly string AptLayer = "sha256:" + new string('c', 64);
    public static readonly string NpmLayer = "sha256:" + new string('d', 64);

    public static GraphBatch Build(DateTimeOffset now)
    {
        var builder = new TraceGraphBuilder(now)
            .WithDeployment("aks-prod", "payments", new Dictionary<string, string> { ["environment"] = "production" }, 3, ImageA, internetFacing: true)
            .WithDeployment("kind-dev", "ledger", new Dictionary<string, string> { ["env"] = "dev" }, 1, ImageB, internetFacing: false);
        var b = builder.Batch;
        var sbom = new Evidence("sbom", EvidenceMethods.ScannerReport, 0.9, now, "sha256:sbom");
        Repository(b, now, Payments, ImageA, "payments", "1111111111111111111111111111111111111111", AptLayer, "RUN apt-get update && apt-get install -y libssl-dev", 2);
        Repository(b, now, Ledger, ImageB, "ledger", "2222222222222222222222222222222222222222", NpmLayer, "RUN npm ci --omit=dev", 4);

        var baseLayer = b.Add(new LayerFacts(BaseLayer));
        var libssl3 = Package(b, "Debian:12", "libssl3", "3.0.8-1", "deb", "openssl");
        var openssl = Package(b, "Debian:12", "openssl", "3.0.8-1", "deb", "openssl");
        b.Link(baseLayer, EdgeTypes.ContainsPackage, libssl3, sbom);
        b.Link(baseLayer, EdgeTypes.ContainsPackage, openssl, sbom);
        var aptLayer = b.Add(new LayerFacts(AptLayer));
        var dev = Package(b, "Debian:12", "libssl-dev", "3.0.8-1", "deb", "openssl");
        b.Link(aptLayer, EdgeTypes.ContainsPackage, dev, sbom);
        var npmLayer = b.Add(new LayerFacts(NpmLayer));
        var lodash = Package(b, "npm", "lodash", "4.17.20", "npm", null);
        b.Link(npmLayer, EdgeTypes.ContainsPackage, lodash, sbom);

        Match(b, now, libssl3, "CVE-2024-1001", "HIGH", "3.0.9-1");
        Match(b, now, libssl3, "CVE-2024-1002", "MEDIUM", "3.0.14-1~deb12u2");
        Match(b, now, openssl, "CVE-2024-1002", "MEDIUM", "3.0.14-1~deb12u2");
        Match(b, now, libssl3, "CVE-2024-1003", "LOW", null);
        Match(b, now, dev, "CVE-2024-1002", "MEDIUM", "3.0.14-1~deb12u2");
        Match(b, now, lodash, "CVE-2021-23337", "HIGH", "4.17.21");
        return b;
    }

    private static void Repository(GraphBatch b, DateTimeOffset now, string repository, string digest, string name, string sha, string ownLayer, string instruction, int line)
    {
        var ci = new Evidence("ci-report", EvidenceMethods.CiReport, 0.9, now, "sha256:report-" + name);
        var image = b.Add(new ImageFacts(digest)
        {
            Platform = "linux/amd64",
            ConfigDigest = "sha256:" + new string('9', 64),
            DiffIds = [BaseLayer, ownLayer],
            History =
            [
                new ImageHistoryEntry("/bin/sh -c #(nop) ADD file:4b1be1de1a1e5aa608c688cad2824587262081866180c7368feb79d33ca05953 in / ", false, now, null),
                new ImageHistoryEntry("/bin/sh -c #(nop)  CMD [\"bash\"]", true, now, null),
                new ImageHistoryEntry(instruction.Replace("RUN ", "RUN /bin/sh -c ", StringComparison.Ordinal) + " # buildkit", false, now, "buildkit.dockerfile.v0"),
            ],
        });
        var registry = new Evidence("registry", EvidenceMethods.RegistryManifest, 1.0, now, digest);
        var tag = b.Add(new ImageReferenceFacts("acr.example.io", name, "1.0.0"));
        b.Link(tag, EdgeTypes.ResolvesTo, image, registry);
        b.Link(image, EdgeTypes.HasLayer, b.Add(new LayerFacts(BaseLayer)), registry);
        b.Link(image, EdgeTypes.HasLayer, b.Add(new LayerFacts(ownLayer)), registry);

        var run = b.Add(new PipelineRunFacts("github-actions", repository, "900" + line, 1)
        {
            Workflow = ".github/workflows/build.yml",
            RunNumber = "7",
            Url = $"https://{repository}/actions/runs/900{line}/attempts/1",
        });
        b.Link(run, EdgeTypes.Built, image, ci);
        var commit = b.Add(new CommitFacts(repository, sha));
        b.Link(run, EdgeTypes.BuiltFrom, commit, ci);
        b.Link(commit, EdgeTypes.InRepository, b.Add(new SourceRepositoryFacts(repository)), ci);
        var keyword = instruction[..instruction.IndexOf(' ', StringComparison.Ordinal)];
        var dockerfile = b.Add(new DockerfileFacts(repository, sha, "Dockerfile")
        {
            Stages = [new DockerfileFrom(1, "debian:12-slim", null, null)],
            // As the Dockerfile parser writes them: the text is the whole logical line.
            Instructions = [new DockerfileInstruction(1, "FROM", "FROM debian:12-slim"), new DockerfileInstruction(line, keyword, instruction)],
        });
        b.Link(run, EdgeTypes.UsedDockerfile, dockerfile, ci);
    }

    private static PackageFacts Package(GraphBatch b, string ecosystem, string name, string version, string type, string? source) =>
        b.Add(new PackageFacts(ecosystem, name, version)
        {
            Type = type,
            SourceName = source,
            Purl = $"pkg:{type}/{(type == "deb" ? "debian/" : "")}{name}@{version}",
        });

    /// <summary>A vulnerability and Tether's own match of it on <paramref name="package"/>, as the matcher stores them.</summary>
    internal static void Match(GraphBatch b, DateTimeOffset now, PackageFacts package, string cve, string severity, string? fixedVersion)
    {
        var vulnerability = b.Add(new VulnerabilityFacts(cve) { Severity = severity, Url = $"https://security-tracker.debian.org/tracker/{cve}" });
        var match = b.Add(new VulnerabilityMatchFacts(package.Key, cve)
        {
            AdvisoryId = "OSV-" + cve,
            MatchedOn = package.SourceName is null ? "package" : "source package " + package.SourceName,
            Reason = "test range",
            FixedVersion = fixedVersion,
            Severity = severity,
        });
        var matched = new Evidence("matcher", EvidenceMethods.AdvisoryMatch, 1.0, now, "osv:" + cve);
        b.Link(package, EdgeTypes.HasMatch, match, matched);
        b.Link(match, EdgeTypes.OfVulnerability, vulnerability, matched);
    }
}
