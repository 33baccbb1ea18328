using System.Diagnostics;
using System.Text.Json;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

/// <summary>
/// <c>tether scan</c> against a real registry (Debian's docker-registry, started by scripts/registry.sh) holding the demo
/// image pushed with skopeo: packages per layer, findings from real OSV records, the layer cache, and the graph.
/// </summary>
public sealed class ScanCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private string _registry = "";
    private bool _started;

    public async Task InitializeAsync()
    {
        var fromScript = Environment.GetEnvironmentVariable("TETHER_TEST_REGISTRY");
        if (!string.IsNullOrEmpty(fromScript))
        {
            _registry = fromScript;
            return;
        }

        var exports = await RunAsync(TestData.Repo("scripts", "registry.sh"), "start", _dir.File("registry"));
        _registry = exports.Split('\n').Select(l => l.Replace("export ", "", StringComparison.Ordinal).Trim())
            .Single(l => l.StartsWith("TETHER_TEST_REGISTRY=", StringComparison.Ordinal))["TETHER_TEST_REGISTRY=".Length..].Trim('"', '\'');
        _started = true;
    }

    public async Task DisposeAsync()
    {
        if (_started)
        {
            await RunAsync(TestData.Repo("scripts", "registry.sh"), "stop", _dir.File("registry"));
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task An_image_in_a_registry_is_scanned_layer_by_layer_matched_stored_and_rescanned_from_the_cache()
    {
        var layout = CopyDemoLayout();
        var repository = $"scan-test-{Guid.NewGuid().ToString("N")[..8]}";
        await RunAsync("skopeo", "copy", "--quiet", "--dest-tls-verify=false", $"oci:{layout}:1.8.0", $"docker://{_registry}/{repository}:1.8.0");
        var db = _dir.File("t.db");
        Assert.Equal(0, (await TetherProcess.RunAsync("db", "import", "osv", TestData.Shared("osv", "debian12-changelog"), "--db", db)).ExitCode);
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = _dir.File("cache") };

        var first = await TetherProcess.RunAsync(["scan", $"{_registry}/{repository}:1.8.0", "--db", db, "-o", "json"], environment);

        Assert.True(first.ExitCode == 0, first.Stderr);
        using var json = JsonDocument.Parse(first.Stdout);
        var root = json.RootElement;
        var digest = root.GetProperty("image").GetProperty("digest").GetString()!;
        Assert.StartsWith("sha256:", digest, StringComparison.Ordinal);
        Assert.Equal(("debian", "12"), (root.GetProperty("os").GetProperty("id").GetString(), root.GetProperty("os").GetProperty("version").GetString()));
        Assert.All(root.GetProperty("layers").EnumerateArray(), l => Assert.False(l.GetProperty("fromCache").GetBoolean()));
        var packages = root.GetProperty("packages").EnumerateArray()
            .Select(p => (p.GetProperty("ecosystem").GetString(), p.GetProperty("name").GetString(), p.GetProperty("layer").GetInt32())).ToList();
        Assert.Contains(("Debian:12", "libssl3", 1), packages);
        Assert.Contains(("Debian:12", "nodejs", 2), packages);
        Assert.Contains(("npm", "express", 4), packages);
        var finding = root.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("finding").GetProperty("vulnerability").GetProperty("id").GetString() == "CVE-2024-6119"
                && f.GetProperty("finding").GetProperty("package").GetProperty("name").GetString() == "libssl3");
        Assert.Equal(1, finding.GetProperty("layer").GetInt32());
        Assert.True(root.GetProperty("stored").GetProperty("new").GetInt32() > 0);

        var second = await TetherProcess.RunAsync(["scan", $"{_registry}/{repository}@{digest}", "--db", db, "-o", "json"], environment);
        using var again = JsonDocument.Parse(second.Stdout);
        Assert.All(again.RootElement.GetProperty("layers").EnumerateArray(), l => Assert.True(l.GetProperty("fromCache").GetBoolean()));
        Assert.Equal(0, again.RootElement.GetProperty("stored").GetProperty("new").GetInt32());
        Assert.Equal(root.GetProperty("findings").GetArrayLength(), again.RootElement.GetProperty("findings").GetArrayLength());

        // The graph now answers for the CVE: the image, the package, the layer's Dockerfile step.
        var trace = await TetherProcess.RunAsync("trace", "CVE-2024-6119", "--db", db, "-o", "json");
        Assert.Equal(0, trace.ExitCode);
        using var traced = JsonDocument.Parse(trace.Stdout);
        Assert.Contains(traced.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("registry").GetProperty("digest").GetString() == digest);
    }

    [Fact]
    public async Task Registry_sync_with_scan_scans_only_images_it_has_not_scanned()
    {
        var layout = CopyDemoLayout();
        var repository = $"sync-scan-{Guid.NewGuid().ToString("N")[..8]}";
        await RunAsync("skopeo", "copy", "--quiet", "--dest-tls-verify=false", $"oci:{layout}:1.8.0", $"docker://{_registry}/{repository}:1.8.0");
        var db = _dir.File("sync.db");
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = _dir.File("cache") };

        var first = await TetherProcess.RunAsync(["registry", "sync", $"{_registry}/{repository}", "--scan", "--db", db], environment);
        var second = await TetherProcess.RunAsync(["registry", "sync", $"{_registry}/{repository}", "--scan", "--db", db, "-o", "json"], environment);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("scanned 1 new images (0 already scanned; layers: 5 read, 0 from cache), 10 packages", first.Stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(second.Stdout);
        var scan = json.RootElement.GetProperty("scan");
        Assert.Equal((0, 1), (scan.GetProperty("scanned").GetInt32(), scan.GetProperty("alreadyScanned").GetInt32()));
        var status = await TetherProcess.RunAsync("status", "--db", db, "-o", "json");
        using var counts = JsonDocument.Parse(status.Stdout);
        Assert.Equal(10, counts.RootElement.GetProperty("nodes").GetProperty("package").GetInt32());
        Assert.Equal(5, counts.RootElement.GetProperty("nodes").GetProperty("layer").GetInt32());
    }

    [Fact]
    public async Task A_layout_scan_writes_CycloneDX_with_findings_on_component_refs_that_reimports_to_the_same_packages()
    {
        var db = _dir.File("bom.db");
        Assert.Equal(0, (await TetherProcess.RunAsync("db", "import", "osv", TestData.Shared("osv", "debian12-changelog"), "--db", db)).ExitCode);
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = _dir.File("cache") };

        var scan = await TetherProcess.RunAsync(["scan", $"oci:{CopyDemoLayout()}:1.8.0", "--no-store", "--db", db, "-o", "cyclonedx"], environment);

        Assert.True(scan.ExitCode == 0, scan.Stderr);
        using var bom = JsonDocument.Parse(scan.Stdout);
        var refs = bom.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("bom-ref").GetString()).ToHashSet();
        var cve = bom.RootElement.GetProperty("vulnerabilities").EnumerateArray().Single(v => v.GetProperty("id").GetString() == "CVE-2024-6119");
        var affected = cve.GetProperty("affects").EnumerateArray().Select(a => a.GetProperty("ref").GetString()).ToList();
        Assert.Equal(2, affected.Count);
        Assert.All(affected, r => Assert.Contains(r, refs));
        Assert.Contains(affected, r => r!.StartsWith("pkg:deb/debian/libssl3@3.0.11-1~deb12u2", StringComparison.Ordinal));

        var file = _dir.File("bom.cdx.json");
        await File.WriteAllTextAsync(file, scan.Stdout);
        var reimport = await TetherProcess.RunAsync("ingest", "sbom", file, "--db", _dir.File("reimport.db"), "-o", "json");
        using var stored = JsonDocument.Parse(reimport.Stdout);
        Assert.Equal(10, stored.RootElement.GetProperty("stored").GetProperty("packages").GetInt32());
        Assert.Equal("sha256:87e8b3b9d55f017a21acace182aead00b05ab9281dd83cb2c07f5a62d0610a10",
            stored.RootElement.GetProperty("sboms")[0].GetProperty("images")[0].GetProperty("digest").GetString());
    }

    [Fact]
    public async Task A_missing_image_and_a_bad_reference_fail_with_their_exit_codes()
    {
        var missing = await TetherProcess.RunAsync("scan", $"{_registry}/absent-{Guid.NewGuid().ToString("N")[..8]}:1", "--db", _dir.File("t.db"), "--no-store");
        var bad = await TetherProcess.RunAsync("scan", "UPPER/Case::x", "--db", _dir.File("t.db"));

        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("MANIFEST_UNKNOWN", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
    }

    private string CopyDemoLayout() => _dir.CopyFrom(TestData.Repo("samples", "demo", "registry", "payments-api"), "layout");

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {error}");
        return await output;
    }
}
