using System.Text.Json;
using Tether.Core.Graph;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

/// <summary>
/// <c>tether scan dir:PATH</c>: a root filesystem holding a real dpkg database (Ubuntu 18.04) and a lodash package,
/// matched against real GHSA records, printed in every format and never stored as an image.
/// </summary>
public sealed class ScanRootFilesystemTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Root()
    {
        var root = _dir.File("rootfs");
        Directory.CreateDirectory(Path.Combine(root, "var", "lib", "dpkg"));
        File.Copy(TestData.Shared("pkgdb", "dpkg", "var", "lib", "dpkg", "status"), Path.Combine(root, "var", "lib", "dpkg", "status"));
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        File.WriteAllText(Path.Combine(root, "etc", "os-release"), "NAME=\"Ubuntu\"\nVERSION_ID=\"18.04\"\nID=ubuntu\n");
        Directory.CreateDirectory(Path.Combine(root, "app", "node_modules", "lodash"));
        File.WriteAllText(Path.Combine(root, "app", "node_modules", "lodash", "package.json"), "{\"name\":\"lodash\",\"version\":\"4.17.11\",\"license\":\"MIT\"}");
        return root;
    }

    private async Task<string> DbWithLodashAdvisoriesAsync()
    {
        var db = _dir.File("t.db");
        var import = await TetherProcess.RunAsync("db", "import", "osv", TestData.Shared("osv", "ghsa", "GHSA-jf85-cpcp-j695.json"), "--db", db);
        Assert.True(import.ExitCode == 0, import.Stderr);
        return db;
    }

    [Fact]
    public async Task A_root_filesystem_is_scanned_matched_and_printed_but_not_stored()
    {
        var db = await DbWithLodashAdvisoriesAsync();

        var scan = await TetherProcess.RunAsync("scan", $"dir:{Root()}", "--db", db, "-o", "json");

        Assert.True(scan.ExitCode == 0, scan.Stderr);
        Assert.Contains("not stored", scan.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(scan.Stdout);
        var root = json.RootElement;
        Assert.StartsWith("dir:sha256:", root.GetProperty("image").GetProperty("digest").GetString(), StringComparison.Ordinal);
        Assert.Equal(("ubuntu", "18.04"), (root.GetProperty("os").GetProperty("id").GetString(), root.GetProperty("os").GetProperty("version").GetString()));
        var packages = root.GetProperty("packages").EnumerateArray().ToList();
        Assert.Equal(91, packages.Count); // the fixture's 90 installed dpkg packages and lodash
        Assert.Equal(90, packages.Count(p => p.GetProperty("ecosystem").GetString() == "Ubuntu:18.04:LTS"));
        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray());
        Assert.Equal("CVE-2019-10744", finding.GetProperty("finding").GetProperty("vulnerability").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("stored").ValueKind);

        await using var store = await SqliteGraphStore.OpenAsync(db, TimeProvider.System);
        var counts = await store.CountAsync();
        Assert.Equal(0, counts.NodesByKind.GetValueOrDefault(NodeKinds.Image));
        Assert.Equal(0, counts.NodesByKind.GetValueOrDefault(NodeKinds.Package));
    }

    [Fact]
    public async Task A_root_filesystem_is_a_file_component_in_CycloneDX_with_its_findings_and_no_container_purl()
    {
        var db = await DbWithLodashAdvisoriesAsync();

        var scan = await TetherProcess.RunAsync("scan", $"dir:{Root()}", "--db", db, "-o", "cyclonedx");

        Assert.True(scan.ExitCode == 0, scan.Stderr);
        using var json = JsonDocument.Parse(scan.Stdout);
        var component = json.RootElement.GetProperty("metadata").GetProperty("component");
        Assert.Equal("file", component.GetProperty("type").GetString());
        Assert.False(component.TryGetProperty("purl", out _));
        Assert.Equal(91, json.RootElement.GetProperty("components").GetArrayLength() - 1); // and the operating system
        var vulnerability = Assert.Single(json.RootElement.GetProperty("vulnerabilities").EnumerateArray());
        Assert.Equal("CVE-2019-10744", vulnerability.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("spdx", "\"primaryPackagePurpose\": \"OTHER\"")]
    [InlineData("sarif", "CVE-2019-10744")]
    [InlineData("table", "CVE-2019-10744")]
    public async Task Every_output_format_prints_a_root_filesystem(string format, string expected)
    {
        var db = await DbWithLodashAdvisoriesAsync();

        var scan = await TetherProcess.RunAsync("scan", $"dir:{Root()}", "--db", db, "-o", format);

        Assert.True(scan.ExitCode == 0, scan.Stderr);
        Assert.Contains(expected, scan.Stdout.Replace("\":\"", "\": \"", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_directory_is_bad_input()
    {
        var scan = await TetherProcess.RunAsync("scan", $"dir:{_dir.File("absent")}", "-o", "json");

        Assert.Equal(2, scan.ExitCode);
    }
}
