using System.Globalization;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Tests.Trace;

namespace Tether.Core.Tests.Recommend;

/// <summary>
/// A generated estate where many images share a base layer, as the collectors would store it. Images 0–11 belong to three
/// repositories (image i to <see cref="Owners"/>[i % 3], one CI run and commit each, Dockerfile <c>FROM debian:12-slim</c> on
/// line 1) and run in <c>prod</c> (i &lt; 6, production, images 3–5 internet-facing) or <c>dev</c>, with 1 + i % 3 pods.
/// Image i has base layer i % 2 and its own layer: lodash 4.17.20 (<c>RUN npm ci</c>, line 3) when i % 4 = 0, libssl-dev
/// 3.0.8-1 (<c>RUN apt-get</c>, line 2) when i % 4 = 1, nothing matched otherwise. Image 12 has base layer 0 only, no CI
/// run (owned by its registry repository) and 2 pods in <c>dev</c>.
/// <list type="bullet">
/// <item>Base layer 0: libssl3 + openssl 3.0.8-1 (CVE-2024-1001 HIGH fixed in 3.0.9-1, CVE-2024-1002 MEDIUM fixed in
/// 3.0.14-1~deb12u2), zlib1g 1.2.13.dfsg-1 (CVE-2023-45853 CRITICAL fixed in 1.2.13.dfsg-1+deb12u1), libc6 2.36-9+deb12u4
/// (CVE-2024-1004 LOW, no fix).</item>
/// <item>Base layer 1: libssl3 + openssl 3.0.11-1~deb12u2 (CVE-2024-1002), the same libc6 (CVE-2024-1004).</item>
/// </list>
/// With <c>duplicates</c>, findings that must count once or merge are added: a scanner's finding of image 0 that Tether
/// also matched, zlib1g in image 2's own layer too, a scanner-only curl finding with no layer in image 3, and scanner
/// findings without a source package for libssl3 and openssl in image 5.
/// </summary>
internal static class RecommendationEstate
{
    public static readonly string[] Owners = ["github.com/acme/payments", "github.com/acme/ledger", "github.com/acme/search"];
    public const int OwnedImages = 12;
    public const int Unowned = 12;

    public static string Digest(int image) => "sha256:" + new string('0', 62) + image.ToString("x2", CultureInfo.InvariantCulture);

    public static string BaseLayer(int layer) => "sha256:" + new string((char)('a' + layer), 64);

    public static string OwnLayer(int image) => "sha256:" + new string('c', 62) + image.ToString("x2", CultureInfo.InvariantCulture);

    public static int Pods(int image) => image == Unowned ? 2 : 1 + image % 3;

    public static IReadOnlyList<string> AllDigests => [.. Enumerable.Range(0, OwnedImages + 1).Select(Digest)];

    public static GraphBatch Build(DateTimeOffset now, bool duplicates = false)
    {
        var builder = new TraceGraphBuilder(now);
        for (var i = 0; i <= Unowned; i++)
        {
            var production = i < 6;
            builder.WithDeployment(production ? "prod" : "dev", $"app-{i:D2}",
                new Dictionary<string, string> { [production ? "environment" : "env"] = production ? "production" : "dev" },
                Pods(i), Digest(i), internetFacing: i is >= 3 and <= 5);
        }

        var b = builder.Batch;
        var sbom = new Evidence("sbom", EvidenceMethods.ScannerReport, 0.9, now, "sha256:sbom");
        var base0 = b.Add(new LayerFacts(BaseLayer(0)));
        var base1 = b.Add(new LayerFacts(BaseLayer(1)));
        var libssl3Old = Package(b, "libssl3", "3.0.8-1", "openssl");
        var opensslOld = Package(b, "openssl", "3.0.8-1", "openssl");
        var zlib = Package(b, "zlib1g", "1.2.13.dfsg-1", "zlib");
        var libc = Package(b, "libc6", "2.36-9+deb12u4", "glibc");
        var libssl3New = Package(b, "libssl3", "3.0.11-1~deb12u2", "openssl");
        var opensslNew = Package(b, "openssl", "3.0.11-1~deb12u2", "openssl");
        foreach (var package in new[] { libssl3Old, opensslOld, zlib, libc })
        {
            b.Link(base0, EdgeTypes.ContainsPackage, package, sbom);
        }

        foreach (var package in new[] { libssl3New, opensslNew, libc })
        {
            b.Link(base1, EdgeTypes.ContainsPackage, package, sbom);
        }

        var dev = Package(b, "libssl-dev", "3.0.8-1", "openssl");
        var lodash = b.Add(new PackageFacts("npm", "lodash", "4.17.20") { Type = "npm", Purl = "pkg:npm/lodash@4.17.20" });
        foreach (var package in new[] { libssl3Old, opensslOld })
        {
            RecommendationGraph.Match(b, now, package, "CVE-2024-1001", "HIGH", "3.0.9-1");
            RecommendationGraph.Match(b, now, package, "CVE-2024-1002", "MEDIUM", "3.0.14-1~deb12u2");
        }

        foreach (var package in new[] { libssl3New, opensslNew, dev })
        {
            RecommendationGraph.Match(b, now, package, "CVE-2024-1002", "MEDIUM", "3.0.14-1~deb12u2");
        }

        RecommendationGraph.Match(b, now, zlib, "CVE-2023-45853", "CRITICAL", "1.2.13.dfsg-1+deb12u1");
        RecommendationGraph.Match(b, now, libc, "CVE-2024-1004", "LOW", null);
        RecommendationGraph.Match(b, now, lodash, "CVE-2021-23337", "HIGH", "4.17.21");

        for (var i = 0; i < OwnedImages; i++)
        {
            var (instruction, line) = (i % 4) switch
            {
                0 => ("RUN npm ci --omit=dev", 3),
                1 => ("RUN apt-get update && apt-get install -y libssl-dev", 2),
                _ => ("RUN make", 2),
            };
            Image(b, now, i, [BaseLayer(i % 2), OwnLayer(i)], instruction);
            Pipeline(b, now, i, instruction, line);
            var own = b.Add(new LayerFacts(OwnLayer(i)));
            if (i % 4 == 0)
            {
                b.Link(own, EdgeTypes.ContainsPackage, lodash, sbom);
            }
            else if (i % 4 == 1)
            {
                b.Link(own, EdgeTypes.ContainsPackage, dev, sbom);
            }
        }

        Image(b, now, Unowned, [BaseLayer(0)], null);
        if (duplicates)
        {
            AddDuplicates(b, now, sbom, zlib);
        }

        return b;
    }

    private static void AddDuplicates(GraphBatch b, DateTimeOffset now, Evidence sbom, PackageFacts zlib)
    {
        b.Link(b.Add(new LayerFacts(OwnLayer(2))), EdgeTypes.ContainsPackage, zlib, sbom);
        ScannerFinding(b, now, 0, "libssl3", "3.0.8-1", "CVE-2024-1001", "HIGH", "3.0.9-1", BaseLayer(0), "openssl");
        ScannerFinding(b, now, 3, "curl", "7.88.1-10", "CVE-2024-2398", "MEDIUM", "7.88.1-10+deb12u6", null, null);
        ScannerFinding(b, now, 5, "libssl3", "3.0.11-1~deb12u2", "CVE-2024-9999", "HIGH", "3.0.15-1~deb12u1", BaseLayer(1), null);
        ScannerFinding(b, now, 5, "openssl", "3.0.11-1~deb12u2", "CVE-2024-9999", "HIGH", "3.0.15-1~deb12u1", BaseLayer(1), null);
    }

    private static void ScannerFinding(GraphBatch b, DateTimeOffset now, int image, string name, string version, string cve, string severity, string? fixedVersion, string? layer, string? source)
    {
        var imageNode = b.Add(new ImageFacts(Digest(image)));
        var finding = b.Add(new FindingFacts(Digest(image), $"pkg:deb/debian/{name}@{version}", cve)
        {
            PackageName = name,
            InstalledVersion = version,
            PackageType = "debian",
            Purl = $"pkg:deb/debian/{name}@{version}?distro=debian-12",
            FixedVersion = fixedVersion,
            Severity = severity,
            LayerDiffId = layer,
            SourcePackage = source,
            ReportedBy = "trivy",
        });
        var scan = new Evidence("trivy", EvidenceMethods.ScannerReport, 1.0, now, "sha256:trivy-" + image.ToString(CultureInfo.InvariantCulture));
        b.Link(imageNode, EdgeTypes.HasFinding, finding, scan);
        b.Link(finding, EdgeTypes.OfVulnerability, b.Add(new VulnerabilityFacts(cve) { Severity = severity }), scan);
    }

    private static void Image(GraphBatch b, DateTimeOffset now, int i, IReadOnlyList<string> layers, string? instruction)
    {
        var digest = Digest(i);
        var history = new List<ImageHistoryEntry> { new("/bin/sh -c #(nop) ADD file:4b1be1de1a1e5aa608c688cad2824587262081866180c7368feb79d33ca05953 in / ", false, now, null) };
        if (instruction is not null)
        {
            history.Add(new ImageHistoryEntry(instruction.Replace("RUN ", "RUN /bin/sh -c ", StringComparison.Ordinal) + " # buildkit", false, now, "buildkit.dockerfile.v0"));
        }

        var image = b.Add(new ImageFacts(digest) { Platform = "linux/amd64", DiffIds = layers, History = history });
        var registry = new Evidence("registry", EvidenceMethods.RegistryManifest, 1.0, now, digest);
        b.Link(b.Add(new ImageReferenceFacts("acr.example.io", $"app-{i:D2}", "1.0.0")), EdgeTypes.ResolvesTo, image, registry);
        foreach (var layer in layers)
        {
            b.Link(image, EdgeTypes.HasLayer, b.Add(new LayerFacts(layer)), registry);
        }
    }

    private static void Pipeline(GraphBatch b, DateTimeOffset now, int i, string instruction, int line)
    {
        var repository = Owners[i % 3];
        var sha = (1000 + i).ToString(CultureInfo.InvariantCulture).PadLeft(40, '0');
        var ci = new Evidence("ci-report", EvidenceMethods.CiReport, 0.9, now, "sha256:report-" + i.ToString(CultureInfo.InvariantCulture));
        var run = b.Add(new PipelineRunFacts("github-actions", repository, (9000 + i).ToString(CultureInfo.InvariantCulture), 1)
        {
            Workflow = ".github/workflows/build.yml",
            RunNumber = i.ToString(CultureInfo.InvariantCulture),
            Url = $"https://{repository}/actions/runs/{9000 + i}/attempts/1",
        });
        b.Link(run, EdgeTypes.Built, b.Add(new ImageFacts(Digest(i))), ci);
        var commit = b.Add(new CommitFacts(repository, sha));
        b.Link(run, EdgeTypes.BuiltFrom, commit, ci);
        b.Link(commit, EdgeTypes.InRepository, b.Add(new SourceRepositoryFacts(repository)), ci);
        var dockerfile = b.Add(new DockerfileFacts(repository, sha, "Dockerfile")
        {
            Stages = [new DockerfileFrom(1, "debian:12-slim", null, null)],
            Instructions = [new DockerfileInstruction(1, "FROM", "FROM debian:12-slim"), new DockerfileInstruction(line, "RUN", instruction)],
        });
        b.Link(run, EdgeTypes.UsedDockerfile, dockerfile, ci);
    }

    private static PackageFacts Package(GraphBatch b, string name, string version, string source) =>
        b.Add(new PackageFacts("Debian:12", name, version) { Type = "deb", SourceName = source, Purl = $"pkg:deb/debian/{name}@{version}" });
}
