using Tether.Testing;

namespace Tether.Scanner.Tests.Analyze.Language;

/// <summary>
/// Real Go executables, built once per test class by the installed toolchain (offline: golang.org/x/mod comes from
/// Debian's golang-golang-x-mod-dev under /usr/share/gocode). Two programs: one whose x/mod is replaced by that
/// local directory, one vendored with x/mod replaced by another module at a version; the latter also cross-built
/// for 386 (32-bit ELF) and s390x (big endian), and linked with <c>-s -w</c>. The build cache is kept in the temp
/// folder across runs, so only the first run pays for compiling the runtime for the other architectures.
/// </summary>
public sealed class GoBinaries : IDisposable
{
    private const string XMod = "/usr/share/gocode/src/golang.org/x/mod";

    private const string Program = """
        package main

        import (
        	"os"

        	"golang.org/x/mod/semver"
        )

        func main() { os.Stdout.WriteString(semver.Canonical("v1.2") + "\n") }
        """;

    private readonly TempDirectory _folder = new();

    public GoBinaries()
    {
        ExternalTool.Require("go");
        if (!Directory.Exists(XMod))
        {
            throw new InvalidOperationException($"{XMod} is missing: run scripts/install-test-deps.sh (golang-golang-x-mod-dev).");
        }

        GoVersion = ExternalTool.Run("go", ["env", "GOVERSION"], _folder.Path, Environment(null, "mod")).Trim();

        var local = Project("local", "replace golang.org/x/mod => " + XMod + "\n");
        Binaries["local"] = Build(local, "mod", null);

        var vendored = Project("vendored", "replace golang.org/x/mod => example.com/fork/mod v0.7.1\n");
        CopyFolder(Path.Combine(XMod, "semver"), Path.Combine(vendored, "vendor", "golang.org", "x", "mod", "semver"));
        File.WriteAllText(Path.Combine(vendored, "vendor", "modules.txt"), """
            # golang.org/x/mod v0.7.0 => example.com/fork/mod v0.7.1
            ## explicit; go 1.17
            golang.org/x/mod/semver
            # golang.org/x/mod => example.com/fork/mod v0.7.1

            """);
        Binaries["vendored"] = Build(vendored, "vendor", null);
        Binaries["vendored-386"] = Build(vendored, "vendor", "386");
        Binaries["vendored-s390x"] = Build(vendored, "vendor", "s390x");
        Binaries["vendored-stripped"] = Build(vendored, "vendor", null, "-ldflags=-s -w");
    }

    /// <summary>The toolchain's version (<c>go1.19.8</c>).</summary>
    public string GoVersion { get; }

    /// <summary>Built executables by name: local, vendored, vendored-386, vendored-s390x, vendored-stripped.</summary>
    public Dictionary<string, string> Binaries { get; } = [];

    /// <summary>What the toolchain itself prints for a binary (<c>go version -m</c>): the reference for the analyzer.</summary>
    public string VersionM(string binary) => ExternalTool.Run("go", ["version", "-m", binary], _folder.Path, Environment(null, "mod"));

    public void Dispose() => _folder.Dispose();

    private string Project(string name, string replace)
    {
        var folder = Path.Combine(_folder.Path, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "go.mod"), $"module example.com/tether/{name}\n\ngo 1.19\n\nrequire golang.org/x/mod v0.7.0\n\n{replace}");
        File.WriteAllText(Path.Combine(folder, "main.go"), Program.Replace("\r\n", "\n", StringComparison.Ordinal));
        return folder;
    }

    private string Build(string project, string mode, string? architecture, string? flag = null)
    {
        var output = Path.Combine(_folder.Path, "bin", Path.GetFileName(project) + "-" + (architecture ?? "native") + (flag is null ? "" : "-stripped"));
        ExternalTool.Run("go", flag is null ? ["build", "-o", output, "."] : ["build", flag, "-o", output, "."], project, Environment(architecture, mode));
        return output;
    }

    private Dictionary<string, string> Environment(string? architecture, string mode)
    {
        var environment = new Dictionary<string, string>
        {
            ["GOFLAGS"] = "-mod=" + mode,
            ["GOPROXY"] = "off",
            ["GOSUMDB"] = "off",
            ["GOPATH"] = Path.Combine(_folder.Path, "gopath"),
            ["GOCACHE"] = Path.Combine(Path.GetTempPath(), "tether-test-go-build-cache"),
            ["GOTOOLCHAIN"] = "local",
            ["GOWORK"] = "off",
            ["CGO_ENABLED"] = "0",
            ["GO111MODULE"] = "on",
        };
        if (architecture is not null)
        {
            environment["GOARCH"] = architecture;
        }

        return environment;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
