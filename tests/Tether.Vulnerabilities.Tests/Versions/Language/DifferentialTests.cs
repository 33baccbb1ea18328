using System.Diagnostics;
using Tether.Testing;
using Tether.Vulnerabilities.Versions;
using Tether.Vulnerabilities.Versions.Language;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Language;

/// <summary>
/// Tether's orderings against the real reference implementations on a few thousand generated pairs
/// each (<see cref="PairGenerator"/>; the tool starts once per test). Every pair must get the same
/// answer: the same order, or the same side rejected. NuGet has no test here — Tether calls
/// NuGet.Versioning itself — and crates.io none because no Rust toolchain is among the test dependencies.
/// </summary>
public sealed class DifferentialTests
{
    private const int RandomPairs = 4000;
    private const int Seed = 20240601;

    [Fact]
    public void Npm_orders_every_pair_as_node_semver_does()
    {
        var node = ReferenceTool.Require("node");
        var tools = TestData.Repo(".tether", "test-tools", "npm");
        ReferenceTool.RequirePath(Path.Combine(tools, "node_modules", "semver", "package.json"), "npm package semver");
        var pairs = PairGenerator.Pairs(["semver-versions.txt"], RandomPairs, Seed);
        pairs.AddRange(HugePrereleaseNumbers());
        var answers = ReferenceTool.Run(node, [ReferenceTool.Script("compare-npm.js"), tools], pairs);
        AssertSameAnswers(new NpmVersionScheme(), pairs, answers);
    }

    [Fact]
    public void Go_orders_every_pair_as_x_mod_semver_does()
    {
        var go = ReferenceTool.Require("go");
        ReferenceTool.RequirePath("/usr/share/gocode/src/golang.org/x/mod/semver/semver.go", "Go module golang.org/x/mod (Debian golang-golang-x-mod-dev)");
        var pairs = PairGenerator.Pairs(["semver-versions.txt"], RandomPairs, Seed);
        pairs.Add(("v1.2.3+incompatible", "1.2.3"));
        pairs.Add(("0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa"));

        // GOPATH mode over the Debian-packaged module: no module proxy, no network. The build cache stays in
        // our ignored tools folder so that later runs do not recompile the standard library.
        var environment = new Dictionary<string, string>
        {
            ["GO111MODULE"] = "off",
            ["GOPATH"] = "/usr/share/gocode",
            ["GOFLAGS"] = "",
            ["GOCACHE"] = TestData.Repo(".tether", "test-tools", "go-build"),
            ["GOPROXY"] = "off",
        };
        var answers = ReferenceTool.Run(go, ["run", ReferenceTool.Script("compare-go.go")], pairs, environment);
        AssertSameAnswers(new GoVersionScheme(), pairs, answers);
    }

    [Fact]
    public void PyPI_orders_every_pair_as_pips_vendored_packaging_does()
    {
        var python = ReferenceTool.Require("python3");
        var pairs = PairGenerator.Pairs(["pypi-versions.txt", "pypi-versions-generated.txt"], RandomPairs, Seed, exotic: true);
        var answers = ReferenceTool.Run(python, [ReferenceTool.Script("compare-pypi.py")], pairs);
        Assert.True(
            answers[^1] == "legacy-supported",
            "pip's vendored packaging has no LegacyVersion (pip > 24.0); the reference is packaging 21.3: use Debian bookworm's python3-pip or pip <= 24.0.");
        Assert.Equal(pairs.Count + 1, answers.Count);
        var scheme = new PypiVersionScheme();
        var mismatches = new List<string>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (a, b) = pairs[i];
            var ours = $"{Ours(scheme, a, b)} {(PypiVersionScheme.IsPep440(a) ? 1 : 0)} {(PypiVersionScheme.IsPep440(b) ? 1 : 0)}";
            if (ours != answers[i])
            {
                mismatches.Add($"{a} {b}: packaging says '{answers[i]}', Tether '{ours}'");
            }
        }

        AssertNone(mismatches, pairs.Count, "pip._vendor.packaging");
    }

    [Fact]
    public void RubyGems_orders_every_pair_as_Gem_Version_does()
    {
        var ruby = ReferenceTool.Require("ruby");
        var pairs = PairGenerator.Pairs(["rubygems-versions.txt", "rubygems-versions-generated.txt"], RandomPairs, Seed, exotic: true);
        pairs.Add(("1.0.A", "1.0.a"));
        pairs.Add((" 1.0 ", "1"));
        var answers = ReferenceTool.Run(ruby, [ReferenceTool.Script("compare-rubygems.rb")], pairs);
        AssertSameAnswers(new RubyGemsVersionScheme(), pairs, answers);
    }

    [Fact]
    public void Maven_orders_every_pair_as_maven_artifact_does()
    {
        var java = ReferenceTool.Require("java");
        const string jar = "/usr/share/java/maven-artifact-3.x.jar";
        ReferenceTool.RequirePath(jar, "maven-artifact (Debian libmaven3-core-java)");
        var pairs = PairGenerator.Pairs(["maven-versions.txt", "maven-versions-generated.txt"], RandomPairs, Seed, exotic: true);
        var answers = ReferenceTool.Run(java, ["-cp", jar, ReferenceTool.Script("CompareMaven.java")], pairs);
        AssertSameAnswers(new MavenVersionScheme(), pairs, answers);
    }

    // node-semver compares all-digit pre-release identifiers as doubles: 16+ digit ones may tie.
    private static IEnumerable<(string, string)> HugePrereleaseNumbers() =>
    [
        ("1.0.0-9007199254740993", "1.0.0-9007199254740992"),
        ("1.0.0-9007199254740993.1", "1.0.0-9007199254740992.2"),
        ("1.0.0-9007199254740991", "1.0.0-9007199254740990"),
        ("1.0.0-99999999999999999999", "1.0.0-99999999999999999998"),
        ("1.0.0-123456789012345678", "1.0.0-123456789012345679.x"),
        ("9007199254740991.0.0", "9007199254740992.0.0"),
    ];

    private static string Ours(IVersionScheme scheme, string a, string b)
    {
        if (!scheme.IsValid(a, out _))
        {
            return "invalid-a";
        }

        if (!scheme.IsValid(b, out _))
        {
            return "invalid-b";
        }

        var order = scheme.Compare(a, b);
        return order < 0 ? "<" : order > 0 ? ">" : "=";
    }

    private static void AssertSameAnswers(IVersionScheme scheme, List<(string A, string B)> pairs, IReadOnlyList<string> answers)
    {
        Assert.Equal(pairs.Count, answers.Count);

        // The generated pairs must exercise every answer, or agreement would prove little.
        Assert.All(new[] { "<", "=", ">" }, op => Assert.Contains(op, answers));
        Assert.True(scheme is MavenVersionScheme || answers.Contains("invalid-a") || answers.Contains("invalid-b"), "no invalid versions generated");
        var watch = Stopwatch.StartNew();
        var mismatches = new List<string>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (a, b) = pairs[i];
            var ours = Ours(scheme, a, b);
            if (ours != answers[i])
            {
                mismatches.Add($"{a} {b}: reference says '{answers[i]}', Tether '{ours}'");
            }
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"comparing {pairs.Count} pairs took {watch.Elapsed}");
        AssertNone(mismatches, pairs.Count, scheme.Reference);
    }

    private static void AssertNone(List<string> mismatches, int total, string reference) =>
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {total} pairs differ from {reference}:\n{string.Join("\n", mismatches.Take(40))}");
}
