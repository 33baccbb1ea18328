using NuGet.Versioning;
using Tether.Testing;
using Xunit;
using Tool = Tether.Vulnerabilities.Tests.Versions.Language.ReferenceTool;

namespace Tether.Vulnerabilities.Tests.Matching;

/// <summary>
/// Each language ecosystem's reference ordering, asked once per test over a batch of (installed, bound) pairs through
/// the scripts the version differential tests run (<c>Versions/Language/reference</c>; installed by
/// <c>scripts/install-test-deps.sh</c>, a missing one fails the test): node-semver for npm, pip's vendored packaging for
/// PyPI, golang.org/x/mod/semver for Go, maven-artifact's ComparableVersion for Maven, NuGet.Versioning in-process for
/// NuGet. crates.io has no Rust toolchain among the test dependencies: Cargo orders by SemVer 2.0 precedence, which
/// node-semver's <c>compare</c> implements, so node-semver stands in (the versions here carry no build metadata, the one
/// place the two differ).
/// </summary>
internal sealed class LanguageReference
{
    private readonly Dictionary<(string, string), string> _answers;

    private LanguageReference(string name, Dictionary<(string, string), string> answers)
    {
        Name = name;
        _answers = answers;
    }

    public string Name { get; }

    public int Questions => _answers.Count;

    /// <summary>The reference's order of <paramref name="a"/> (an installed version) and <paramref name="b"/>; null when it rejects <paramref name="a"/>.</summary>
    public int? Compare(string a, string b)
    {
        var answer = _answers[(a, b)];
        return answer switch
        {
            "<" => -1,
            "=" => 0,
            ">" => 1,
            "invalid-a" => null,
            _ => throw new InvalidOperationException($"{Name} rejects the bound '{b}' ({answer}): the oracle cannot decide '{a}'"),
        };
    }

    public static LanguageReference Ask(string ecosystem, IEnumerable<(string A, string B)> questions)
    {
        var pairs = questions.Distinct().ToList();
        var answers = ecosystem switch
        {
            "npm" or "crates.io" => Npm(pairs),
            "PyPI" => Pypi(pairs),
            "Go" => Go(pairs),
            "Maven" => Maven(pairs),
            "NuGet" => [.. pairs.Select(p => NuGet(p.A, p.B))],
            _ => throw new ArgumentException($"no reference for {ecosystem}", nameof(ecosystem)),
        };
        Assert.Equal(pairs.Count, answers.Count);
        var name = ecosystem switch
        {
            "npm" => "node-semver",
            "crates.io" => "node-semver (SemVer 2.0 precedence, as Cargo)",
            "PyPI" => "pip._vendor.packaging",
            "Go" => "golang.org/x/mod/semver",
            "Maven" => "maven-artifact ComparableVersion",
            _ => "NuGet.Versioning",
        };
        return new LanguageReference(name, pairs.Zip(answers).ToDictionary(x => x.First, x => x.Second));
    }

    private static IReadOnlyList<string> Npm(List<(string A, string B)> pairs)
    {
        var node = Tool.Require("node");
        var tools = TestData.Repo(".tether", "test-tools", "npm");
        Tool.RequirePath(Path.Combine(tools, "node_modules", "semver", "package.json"), "npm package semver");
        return Tool.Run(node, [Tool.Script("compare-npm.js"), tools], pairs);
    }

    /// <summary>packaging prints <c>op pep440-a pep440-b</c>, or <c>skip</c> when it rejects a side, and a last line about LegacyVersion.</summary>
    private static IReadOnlyList<string> Pypi(List<(string A, string B)> pairs)
    {
        var python = Tool.Require("python3");
        var lines = Tool.Run(python, [Tool.Script("compare-pypi.py")], pairs);
        Assert.Equal("legacy-supported", lines[^1]);
        return [.. lines.Take(lines.Count - 1).Select((line, i) => line == "skip" ? (pairs[i].A == pairs[i].B ? "invalid-a" : "invalid-b") : line.Split(' ')[0])];
    }

    private static IReadOnlyList<string> Go(List<(string A, string B)> pairs)
    {
        var go = Tool.Require("go");
        Tool.RequirePath("/usr/share/gocode/src/golang.org/x/mod/semver/semver.go", "Go module golang.org/x/mod (Debian golang-golang-x-mod-dev)");
        var environment = new Dictionary<string, string>
        {
            ["GO111MODULE"] = "off",
            ["GOPATH"] = "/usr/share/gocode",
            ["GOFLAGS"] = "",
            ["GOCACHE"] = TestData.Repo(".tether", "test-tools", "go-build"),
            ["GOPROXY"] = "off",
        };
        return Tool.Run(go, ["run", Tool.Script("compare-go.go")], pairs, environment);
    }

    private static IReadOnlyList<string> Maven(List<(string A, string B)> pairs)
    {
        var java = Tool.Require("java");
        const string jar = "/usr/share/java/maven-artifact-3.x.jar";
        Tool.RequirePath(jar, "maven-artifact (Debian libmaven3-core-java)");
        return Tool.Run(java, ["-cp", jar, Tool.Script("CompareMaven.java")], pairs);
    }

    private static string NuGet(string a, string b)
    {
        if (!NuGetVersion.TryParse(a, out var va))
        {
            return "invalid-a";
        }

        if (!NuGetVersion.TryParse(b, out var vb))
        {
            return "invalid-b";
        }

        var order = VersionComparer.Default.Compare(va, vb);
        return order < 0 ? "<" : order > 0 ? ">" : "=";
    }
}
