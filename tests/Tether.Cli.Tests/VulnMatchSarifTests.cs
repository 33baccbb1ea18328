using System.Globalization;
using System.Text.Json;
using Tether.Cli.Presentation;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

/// <summary>
/// <c>tether vuln match -o sarif</c> checked against what GitHub code scanning requires of an upload
/// (docs.github.com "SARIF support for code scanning"): <c>$schema</c>, version 2.1.0, <c>tool.driver.name</c>, rules
/// with short and full descriptions and help, results referring to those rules, each with a message and a location.
/// </summary>
public sealed class VulnMatchSarifTests(VulnMatchFixture fixture) : IClassFixture<VulnMatchFixture>, IDisposable
{
    /// <summary>lodash and lodash-es are both named by GHSA-jf85-cpcp-j695 and GHSA-p6mc-m468-83gw: two results per rule, one per line.</summary>
    private const string Sbom = """
        {
          "bomFormat": "CycloneDX",
          "specVersion": "1.5",
          "version": 1,
          "components": [
            {"type": "library", "name": "lodash", "version": "4.17.11", "purl": "pkg:npm/lodash@4.17.11"},
            {"type": "library", "name": "lodash-es", "version": "4.17.11", "purl": "pkg:npm/lodash-es@4.17.11"},
            {"type": "library", "name": "ip", "version": "1.1.8", "purl": "pkg:npm/ip@1.1.8"},
            {"type": "library", "name": "Newtonsoft.Json", "version": "12.0.3", "purl": "pkg:nuget/Newtonsoft.Json@12.0.3"},
            {"type": "library", "name": "log4j-core", "group": "org.apache.logging.log4j", "version": "2.14.1", "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
            {"type": "library", "name": "liblzma5", "version": "5.4.1-1", "purl": "pkg:deb/debian/liblzma5@5.4.1-1?arch=amd64&upstream=xz-utils&distro=debian-12"}
          ]
        }
        """;

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Sarif_has_every_property_code_scanning_requires()
    {
        Directory.CreateDirectory(_dir.File("sboms"));
        await File.WriteAllTextAsync(_dir.File("sboms/app.cdx.json"), Sbom);

        var result = await TetherProcess.RunAsync(["vuln", "match", "sboms/app.cdx.json", "--db", fixture.Db, "-o", "sarif"], workingDirectory: _dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", root.GetProperty("$schema").GetString());
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal(("tether", "0.1.0", "https://tether.dev"), (driver.GetProperty("name").GetString(), driver.GetProperty("version").GetString(), driver.GetProperty("informationUri").GetString()));
        Assert.Equal(new Uri(_dir.Path + "/").AbsoluteUri, run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString());

        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(
            ["CVE-2019-10744", "CVE-2021-44228", "CVE-2021-45046", "CVE-2020-8203", "CVE-2021-45105", "CVE-2023-42282", "GHSA-5crp-9r3c-p9vr", "CVE-2026-34743"],
            rules.Select(r => r.GetProperty("id").GetString()));
        foreach (var rule in rules)
        {
            Assert.NotEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()!);
            Assert.NotEmpty(rule.GetProperty("fullDescription").GetProperty("text").GetString()!);
            Assert.NotEmpty(rule.GetProperty("help").GetProperty("text").GetString()!);
            Assert.NotEmpty(rule.GetProperty("help").GetProperty("markdown").GetString()!);
            Assert.Contains("security", rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        }

        // The CVSS base score; GitHub's own rating mapped into code scanning's band when there is no vector; none when unknown.
        Assert.Equal(
            ["9.1", "10.0", "9.0", "7.4", "8.6", "8.0", "2.0", null],
            rules.Select(r => r.GetProperty("properties").TryGetProperty("security-severity", out var s) ? s.GetString() : null));
        Assert.All(rules.Take(7), r => Assert.InRange(double.Parse(r.GetProperty("properties").GetProperty("security-severity").GetString()!, CultureInfo.InvariantCulture), 0.1, 10.0));
        Assert.Contains("| lodash-es | npm | 4.17.11 | 4.17.14 | GHSA-jf85-cpcp-j695 |", rules[0].GetProperty("help").GetProperty("markdown").GetString(), StringComparison.Ordinal);

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(10, results.Count);
        var lines = await File.ReadAllLinesAsync(_dir.File("sboms/app.cdx.json"));
        foreach (var entry in results)
        {
            var ruleId = entry.GetProperty("ruleId").GetString();
            Assert.Equal(ruleId, rules[entry.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
            Assert.NotEmpty(entry.GetProperty("message").GetProperty("text").GetString()!);
            var location = Assert.Single(entry.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            Assert.Equal(("sboms/app.cdx.json", "%SRCROOT%"), (
                location.GetProperty("artifactLocation").GetProperty("uri").GetString(), location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString()));
            var region = location.GetProperty("region");
            var line = region.GetProperty("startLine").GetInt32();
            Assert.Equal(line, region.GetProperty("endLine").GetInt32());
            var (start, end) = (region.GetProperty("startColumn").GetInt32(), region.GetProperty("endColumn").GetInt32());
            Assert.StartsWith("pkg:", lines[line - 1][(start - 1)..(end - 1)], StringComparison.Ordinal);
        }

        var levels = results.Select(r => (r.GetProperty("ruleId").GetString(), r.GetProperty("level").GetString())).Distinct().ToList();
        Assert.Equal(
            [("CVE-2019-10744", "error"), ("CVE-2021-44228", "error"), ("CVE-2021-45046", "error"), ("CVE-2020-8203", "error"), ("CVE-2021-45105", "error"),
             ("CVE-2023-42282", "error"), ("GHSA-5crp-9r3c-p9vr", "note"), ("CVE-2026-34743", "note")],
            levels);

        // One vulnerability in two packages of one file: two results, on the two packages' lines.
        var pollution = results.Where(r => r.GetProperty("ruleId").GetString() == "CVE-2019-10744").ToList();
        Assert.Equal(
            ["pkg:npm/lodash@4.17.11", "pkg:npm/lodash-es@4.17.11"],
            pollution.Select(r => Text(lines, r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region"))));
        Assert.Equal(
            "lodash-es 4.17.11 is affected by CVE-2019-10744 (CRITICAL); fixed in 4.17.14. Ecosystem npm; advisory GHSA-jf85-cpcp-j695: ECOSYSTEM range 0: 4.17.11 ≥ introduced 0 and < fixed 4.17.14.",
            pollution[1].GetProperty("message").GetProperty("text").GetString());
        Assert.StartsWith(
            "ip 1.1.8 is affected by CVE-2023-42282 (HIGH); no fixed version is known.",
            results.Single(r => r.GetProperty("ruleId").GetString() == "CVE-2023-42282").GetProperty("message").GetProperty("text").GetString(),
            StringComparison.Ordinal);
        Assert.Contains(
            "matched on source package xz-utils 5.4.1-1",
            results.Single(r => r.GetProperty("ruleId").GetString() == "CVE-2026-34743").GetProperty("message").GetProperty("text").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_outside_the_working_directory_is_an_absolute_file_uri()
    {
        var sbom = _dir.File("app.cdx.json");
        await File.WriteAllTextAsync(sbom, Sbom);
        var elsewhere = Directory.CreateDirectory(_dir.File("elsewhere")).FullName;

        var result = await TetherProcess.RunAsync(["vuln", "match", sbom, "--db", fixture.Db, "-o", "sarif"], workingDirectory: elsewhere);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var artifact = json.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
        Assert.Equal(new Uri(sbom).AbsoluteUri, artifact.GetProperty("uri").GetString());
        Assert.False(artifact.TryGetProperty("uriBaseId", out _));
    }

    [Fact]
    public async Task No_findings_is_a_valid_empty_run()
    {
        var result = await TetherProcess.RunAsync("vuln", "match", TestData.Shared("sbom", "syft-alpine-3.16-cyclonedx.json"), "--db", fixture.Db, "-o", "sarif");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var run = json.RootElement.GetProperty("runs")[0];
        Assert.Equal((0, 0), (run.GetProperty("tool").GetProperty("driver").GetProperty("rules").GetArrayLength(), run.GetProperty("results").GetArrayLength()));
        Assert.Equal("tether", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Regions_find_purls_that_syft_escapes_as_unicode_in_one_pass()
    {
        // Syft (Go) writes & as \u0026 inside purls.
        var path = TestData.Shared("sbom", "syft-alpine-3.16-cyclonedx.json");
        var musl = "pkg:alpine/musl@1.2.3-r0?arch=x86_64&upstream=musl&distro=alpine-3.16.2";
        var busybox = "pkg:alpine/busybox@1.35.0-r17?arch=x86_64&upstream=busybox&distro=alpine-3.16.2";

        var regions = TextRegions.FindJsonStrings(await File.ReadAllBytesAsync(path), new HashSet<string> { musl, busybox, "pkg:alpine/musl@9.9.9" });

        Assert.Equal([busybox, musl], regions.Keys.Order(StringComparer.Ordinal));
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(@"pkg:alpine/musl@1.2.3-r0?arch=x86_64\u0026upstream=musl\u0026distro=alpine-3.16.2", Text(lines, regions[musl]));
        Assert.Equal(@"pkg:alpine/busybox@1.35.0-r17?arch=x86_64\u0026upstream=busybox\u0026distro=alpine-3.16.2", Text(lines, regions[busybox]));
        Assert.Contains("\"purl\"", lines[regions[musl].StartLine - 1], StringComparison.Ordinal);
    }

    [Fact]
    public void Regions_count_columns_in_utf16_units_on_long_lines()
    {
        var json = "{\"a\":\"é😀\",\"b\":[\"x\"],\n \"c\": \"pkg:npm/%C3%A9@1\", \"d\": \"pkg:npm/%C3%A9@1\"}"u8.ToArray();

        var regions = TextRegions.FindJsonStrings(json, new HashSet<string> { "é😀", "pkg:npm/%C3%A9@1", "x" });

        Assert.Equal(new FindingRegion(1, 7, 10), regions["é😀"]);
        Assert.Equal(new FindingRegion(1, 18, 19), regions["x"]);
        Assert.Equal(new FindingRegion(2, 8, 24), regions["pkg:npm/%C3%A9@1"]);
    }

    [Fact]
    public void The_writer_refuses_a_finding_without_a_location()
    {
        var finding = new VulnerabilityFinding(
            new FindingVulnerability("CVE-2019-10744", "CRITICAL"),
            new FindingPackage("npm", "lodash", "4.17.11"),
            new FindingAdvisory("GHSA-jf85-cpcp-j695", DateTimeOffset.UnixEpoch, "npm", 0, 0),
            new FindingMatch("lodash", "4.17.11", false, "range 0"));

        var error = Assert.Throws<ArgumentException>(() => SarifWriter.Write([finding], new SarifTool("tether", "0.1.0", "https://tether.dev")));

        Assert.StartsWith("CVE-2019-10744 in lodash: a SARIF result needs a location.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_writer_keeps_the_most_severe_results_code_scanning_accepts()
    {
        // One more result than code scanning accepts in a run (a HIGH finding in 25,000 files, a LOW one in one):
        // the LOW one is left out, and its rule with it.
        var high = Finding("CVE-2024-0001", "HIGH", "pkg") with
        {
            Locations = [.. Enumerable.Range(0, SarifWriter.MaxResults).Select(i => new FindingLocation($"sbom{i}.json", $"sbom{i}.json"))],
        };
        var findings = new[] { Finding("CVE-2000-0001", "LOW", "old"), high };

        using var json = JsonDocument.Parse(SarifWriter.Write(findings, new SarifTool("tether", "0.1.0", "https://tether.dev")));

        var run = json.RootElement.GetProperty("runs")[0];
        Assert.Equal(SarifWriter.MaxResults, run.GetProperty("results").GetArrayLength());
        Assert.Equal("CVE-2024-0001", Assert.Single(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()).GetProperty("id").GetString());
        Assert.DoesNotContain("CVE-2000-0001", run.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()));
        Assert.False(run.TryGetProperty("originalUriBaseIds", out _));
    }

    private static VulnerabilityFinding Finding(string id, string severity, string package) => new(
        new FindingVulnerability(id, severity),
        new FindingPackage("npm", package, "1.0.0"),
        new FindingAdvisory("GHSA-" + id, DateTimeOffset.UnixEpoch, "npm", 0, 0),
        new FindingMatch(package, "1.0.0", false, "range 0"))
    {
        Locations = [new FindingLocation("sbom.json", "sbom.json")],
    };

    public void Dispose() => _dir.Dispose();

    private static string Text(string[] lines, JsonElement region) =>
        Text(lines, new FindingRegion(region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), region.GetProperty("endColumn").GetInt32()));

    private static string Text(string[] lines, FindingRegion region) => lines[region.StartLine - 1][(region.StartColumn - 1)..(region.EndColumn - 1)];
}
