using System.Text.Json;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

/// <summary>
/// <c>tether vuln match</c> as a user runs it: real SBOMs and a small CycloneDX file against the real advisory records
/// (<see cref="VulnMatchFixture"/>). Expected ids and versions are read off the records: lodash &lt; 4.17.12
/// (GHSA-jf85-cpcp-j695) and &lt; 4.17.20 (GHSA-p6mc-m468-83gw), Pillow &lt; 10.2.0, log4j-core 2.13.0 to 2.15.0 / 2.16.0 /
/// 2.17.0, Newtonsoft.Json &lt; 13.0.1 (no CVSS, GitHub rates it LOW), ip up to last_affected 1.1.8, and xz-utils (the
/// source of Debian's liblzma5) before 5.4.1-1+deb12u1.
/// </summary>
public sealed class VulnMatchCommandTests(VulnMatchFixture fixture) : IClassFixture<VulnMatchFixture>, IDisposable
{
    /// <summary>A CycloneDX 1.5 SBOM as Syft or Trivy would write for an image with these packages.</summary>
    private const string LanguageSbom = """
        {
          "bomFormat": "CycloneDX",
          "specVersion": "1.5",
          "version": 1,
          "metadata": {"tools": {"components": [{"type": "application", "name": "syft", "version": "1.0.0"}]}},
          "components": [
            {"type": "library", "name": "lodash", "version": "4.17.11", "purl": "pkg:npm/lodash@4.17.11"},
            {"type": "library", "name": "ip", "version": "1.1.8", "purl": "pkg:npm/ip@1.1.8"},
            {"type": "library", "name": "Pillow", "version": "10.0.0", "purl": "pkg:pypi/pillow@10.0.0"},
            {"type": "library", "group": "org.apache.logging.log4j", "name": "log4j-core", "version": "2.14.1", "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
            {"type": "library", "name": "Newtonsoft.Json", "version": "12.0.3", "purl": "pkg:nuget/Newtonsoft.Json@12.0.3"},
            {"type": "library", "name": "liblzma5", "version": "5.4.1-1", "purl": "pkg:deb/debian/liblzma5@5.4.1-1?arch=amd64&upstream=xz-utils&distro=debian-12"},
            {"type": "library", "name": "express", "version": "4.19.2", "purl": "pkg:npm/express@4.19.2"}
          ]
        }
        """;

    /// <summary>(vulnerability, package, advisory, fixed, severity) in the order every output lists them.</summary>
    private static readonly (string Vulnerability, string Package, string Advisory, string? Fixed, string Severity)[] Expected =
    [
        ("CVE-2019-10744", "lodash", "GHSA-jf85-cpcp-j695", "4.17.12", "CRITICAL"),
        ("CVE-2021-44228", "org.apache.logging.log4j:log4j-core", "GHSA-jfh8-c2jp-5v3q", "2.15.0", "CRITICAL"),
        ("CVE-2021-45046", "org.apache.logging.log4j:log4j-core", "GHSA-7rjr-3q55-vv33", "2.16.0", "CRITICAL"),
        ("CVE-2020-8203", "lodash", "GHSA-p6mc-m468-83gw", "4.17.20", "HIGH"),
        ("CVE-2021-45105", "org.apache.logging.log4j:log4j-core", "GHSA-p6xc-xr62-6r2g", "2.17.0", "HIGH"),
        ("CVE-2023-42282", "ip", "GHSA-78xj-cgh5-2h22", null, "HIGH"),
        ("CVE-2023-50447", "pillow", "GHSA-3f63-hfp8-52jq", "10.2.0", "HIGH"),
        ("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "GHSA-5crp-9r3c-p9vr", "13.0.1", "LOW"),
        ("CVE-2026-34743", "liblzma5", "DEBIAN-CVE-2026-34743", "5.4.1-1+deb12u1", "UNKNOWN"),
    ];

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Language_and_debian_packages_match_the_real_advisories_with_their_fixed_versions()
    {
        var sbom = await WriteAsync("app.cdx.json", LanguageSbom);

        var result = await TetherProcess.RunAsync("vuln", "match", sbom, "--db", fixture.Db, "-o", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var matches = json.RootElement.GetProperty("matches").EnumerateArray().ToList();
        Assert.Equal(Expected, matches.Select(m => (
            m.GetProperty("vulnerability").GetProperty("id").GetString()!,
            m.GetProperty("package").GetProperty("name").GetString()!,
            m.GetProperty("advisory").GetProperty("id").GetString()!,
            m.GetProperty("fixed").GetString(),
            m.GetProperty("vulnerability").GetProperty("severity").GetString()!)));
        Assert.Equal(7, json.RootElement.GetProperty("packages").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("packagesWithoutAdvisories").GetInt32());

        var lodash = matches[0];
        Assert.Equal("GHSA-jf85-cpcp-j695", Assert.Single(lodash.GetProperty("vulnerability").GetProperty("aliases").EnumerateArray()).GetString());
        Assert.Equal("Prototype Pollution in lodash", lodash.GetProperty("vulnerability").GetProperty("summary").GetString());
        Assert.Equal((9.1, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H", "3.1"), (
            lodash.GetProperty("vulnerability").GetProperty("cvss").GetProperty("score").GetDouble(),
            lodash.GetProperty("vulnerability").GetProperty("cvss").GetProperty("vector").GetString(),
            lodash.GetProperty("vulnerability").GetProperty("cvss").GetProperty("version").GetString()));
        Assert.Equal("ECOSYSTEM range 0: 4.17.11 ≥ introduced 0 and < fixed 4.17.12", lodash.GetProperty("reason").GetString());
        Assert.Equal(("npm", 0, 0), (
            lodash.GetProperty("advisory").GetProperty("ecosystem").GetString(),
            lodash.GetProperty("advisory").GetProperty("affectedIndex").GetInt32(),
            lodash.GetProperty("advisory").GetProperty("rangeIndex").GetInt32()));
        Assert.Equal("2023-09-05T22:24:55+00:00", lodash.GetProperty("advisory").GetProperty("modified").GetString());

        // Newtonsoft.Json's record has no vector: GitHub's own rating decides, and the output says so.
        var newtonsoft = matches[7].GetProperty("vulnerability");
        Assert.Equal("GHSA-5crp-9r3c-p9vr database_specific.severity", newtonsoft.GetProperty("severitySource").GetString());
        Assert.Equal(JsonValueKind.Null, newtonsoft.GetProperty("cvss").ValueKind);

        // ip names only a last affected version: affected, and no fix to offer.
        var ip = matches[5];
        Assert.Equal(("1.1.8", JsonValueKind.Null), (ip.GetProperty("lastAffected").GetString(), ip.GetProperty("fixed").ValueKind));
    }

    [Fact]
    public async Task A_debian_binary_package_is_matched_on_its_source_package()
    {
        var sbom = await WriteAsync("app.cdx.json", LanguageSbom);

        var json = await MatchJsonAsync(sbom);

        var liblzma = json.RootElement.GetProperty("matches").EnumerateArray().Single(m => m.GetProperty("package").GetProperty("name").GetString() == "liblzma5");
        Assert.Equal(("Debian:12", "5.4.1-1"), (liblzma.GetProperty("package").GetProperty("ecosystem").GetString(), liblzma.GetProperty("package").GetProperty("version").GetString()));
        Assert.Equal("xz-utils", liblzma.GetProperty("package").GetProperty("source").GetProperty("name").GetString());
        Assert.Equal(("xz-utils", true, "5.4.1-1"), (
            liblzma.GetProperty("matchedOn").GetString(), liblzma.GetProperty("matchedOnSource").GetBoolean(), liblzma.GetProperty("matchedVersion").GetString()));
        Assert.Equal("Debian:12", liblzma.GetProperty("advisory").GetProperty("ecosystem").GetString());
        Assert.Equal(JsonValueKind.Null, liblzma.GetProperty("vulnerability").GetProperty("severitySource").ValueKind);
    }

    [Fact]
    public async Task Kev_and_epss_are_joined_by_cve()
    {
        var json = await MatchJsonAsync(await WriteAsync("app.cdx.json", LanguageSbom));

        var matches = json.RootElement.GetProperty("matches").EnumerateArray().ToList();
        var log4shell = matches.Single(m => m.GetProperty("vulnerability").GetProperty("id").GetString() == "CVE-2021-44228").GetProperty("vulnerability");
        Assert.Equal(("2021-12-10", "2021-12-24", "Known"), (
            log4shell.GetProperty("kev").GetProperty("dateAdded").GetString(),
            log4shell.GetProperty("kev").GetProperty("dueDate").GetString(),
            log4shell.GetProperty("kev").GetProperty("knownRansomwareCampaignUse").GetString()));
        Assert.Equal((0.97565, 0.99996), (log4shell.GetProperty("epss").GetProperty("score").GetDouble(), log4shell.GetProperty("epss").GetProperty("percentile").GetDouble()));
        Assert.All(
            matches.Where(m => m.GetProperty("vulnerability").GetProperty("id").GetString() != "CVE-2021-44228"),
            m => Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (m.GetProperty("vulnerability").GetProperty("kev").ValueKind, m.GetProperty("vulnerability").GetProperty("epss").ValueKind)));
    }

    [Fact]
    public async Task The_json_shape_is_the_documented_one()
    {
        var json = await MatchJsonAsync(await WriteAsync("app.cdx.json", LanguageSbom));

        var root = json.RootElement;
        Assert.Equal(["sboms", "packages", "packagesWithoutAdvisories", "ecosystemsWithoutAdvisories", "unfixedLeftOut", "matches", "warnings"], Names(root));
        var sbom = Assert.Single(root.GetProperty("sboms").EnumerateArray());
        Assert.Equal(["file", "format", "producer", "image", "packages", "notes"], Names(sbom));
        Assert.Equal(("CycloneDX 1.5", "syft 1.0.0", 7), (sbom.GetProperty("format").GetString(), sbom.GetProperty("producer").GetString(), sbom.GetProperty("packages").GetInt32()));
        var match = root.GetProperty("matches")[0];
        Assert.Equal(["vulnerability", "package", "advisory", "matchedOn", "matchedOnSource", "matchedVersion", "reason", "introduced", "fixed", "lastAffected", "files"], Names(match));
        Assert.Equal(["id", "aliases", "summary", "severity", "severitySource", "cvss", "kev", "epss"], Names(match.GetProperty("vulnerability")));
        Assert.Equal(["ecosystem", "name", "version", "purl", "source"], Names(match.GetProperty("package")));
        Assert.Equal(["id", "modified", "ecosystem", "affectedIndex", "rangeIndex"], Names(match.GetProperty("advisory")));
        Assert.Equal("pkg:npm/lodash@4.17.11", match.GetProperty("package").GetProperty("purl").GetString());
    }

    [Fact]
    public async Task Real_syft_and_trivy_sboms_say_which_ecosystems_have_no_advisories()
    {
        var sboms = new[] { "syft-alpine-3.10.spdx.json", "syft-alpine-3.16-cyclonedx.json", "trivy-centos-7-cyclonedx.json", "trivy-centos-7-spdx.json" }
            .Select(name => TestData.Shared("sbom", name)).ToArray();

        var result = await TetherProcess.RunAsync(["vuln", "match", .. sboms, "--db", fixture.Db, "-o", "json"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        // The Alpine record covers v3.3 to v3.8 only, and CentOS is no OSV ecosystem: nothing here can match.
        Assert.Empty(root.GetProperty("matches").EnumerateArray());
        Assert.Equal((19, 19), (root.GetProperty("packages").GetInt32(), root.GetProperty("packagesWithoutAdvisories").GetInt32()));
        Assert.Equal(
            [("Alpine:v3.16", 14), ("Alpine:v3.10", 3), ("CentOS:7", 2)],
            root.GetProperty("ecosystemsWithoutAdvisories").EnumerateArray().Select(e => (e.GetProperty("ecosystem").GetString(), e.GetProperty("packages").GetInt32())));
        Assert.Equal(
            [("SPDX-2.2", 3), ("CycloneDX 1.4", 14), ("CycloneDX 1.5", 2), ("SPDX-2.2", 2)],
            root.GetProperty("sboms").EnumerateArray().Select(s => (s.GetProperty("format").GetString(), s.GetProperty("packages").GetInt32())));
        Assert.Equal(
            "sha256:cbaa390ec61abd889dfa5146a411c11717c19ef9e5e18458dbdc06439076ffe7",
            root.GetProperty("sboms")[1].GetProperty("image").GetProperty("manifestDigest").GetString());
        Assert.Contains($"note: {sboms[2]}: 2 package(s) are keyed by ecosystem 'CentOS:7'", result.Stderr, StringComparison.Ordinal);

        var table = await TetherProcess.RunAsync(["vuln", "match", .. sboms, "--db", fixture.Db]);
        Assert.Equal(
            "No vulnerabilities found.\n19 packages in 4 SBOMs: 0 matches; 19 packages in ecosystems without advisories (Alpine:v3.16 14, Alpine:v3.10 3, CentOS:7 2)\n",
            table.Stdout);
    }

    [Fact]
    public async Task The_table_lists_one_row_per_package_and_vulnerability_then_a_summary()
    {
        var sbom = await WriteAsync("app.cdx.json", LanguageSbom);

        var result = await TetherProcess.RunAsync("vuln", "match", sbom, "--db", fixture.Db);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var rows = result.Stdout.Split('\n').Where(l => l.StartsWith("│ ", StringComparison.Ordinal)).Skip(1)
            .Select(l => l.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(Expected.Select(e => (e.Package, e.Vulnerability, e.Severity, e.Fixed ?? "no fix", e.Advisory)), rows.Select(r => (r[0], r[3], r[4].Replace(" (KEV)", "", StringComparison.Ordinal), r[5], r[6])));
        Assert.Equal(["liblzma5", "5.4.1-1 (source xz-utils 5.4.1-1)", "Debian:12"], rows[8][..3]);
        Assert.Equal("CRITICAL (KEV)", rows[1][4]);
        Assert.EndsWith("7 packages in 1 SBOM: 9 matches (3 CRITICAL, 4 HIGH, 1 LOW, 1 UNKNOWN)\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_fixed_leaves_out_matches_without_a_fixed_version_and_counts_them()
    {
        var json = await MatchJsonAsync(await WriteAsync("app.cdx.json", LanguageSbom), "--only-fixed");

        var ids = json.RootElement.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("vulnerability").GetProperty("id").GetString());
        Assert.Equal(Expected.Where(e => e.Fixed is not null).Select(e => e.Vulnerability), ids);
        Assert.Equal(1, json.RootElement.GetProperty("unfixedLeftOut").GetInt32());
    }

    [Theory]
    [InlineData("critical", 3)]
    [InlineData("HIGH", 7)]
    [InlineData("medium", 7)]
    [InlineData("low", 8)]
    public async Task Fail_on_exits_1_when_a_match_reaches_the_severity_and_still_prints_the_report(string threshold, int reached)
    {
        var result = await TetherProcess.RunAsync("vuln", "match", await WriteAsync("app.cdx.json", LanguageSbom), "--db", fixture.Db, "--fail-on", threshold, "-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(9, JsonDocument.Parse(result.Stdout).RootElement.GetProperty("matches").GetArrayLength());
        Assert.Contains($"{reached} match(es) at or above {threshold.ToUpperInvariant()} (--fail-on {threshold})", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_on_ignores_matches_below_the_severity_and_of_unknown_severity()
    {
        // Newtonsoft.Json is LOW; liblzma5's Debian record gives no severity at all.
        var sbom = await WriteAsync("low.cdx.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": [
              {"type": "library", "name": "Newtonsoft.Json", "version": "12.0.3", "purl": "pkg:nuget/Newtonsoft.Json@12.0.3"},
              {"type": "library", "name": "liblzma5", "version": "5.4.1-1", "purl": "pkg:deb/debian/liblzma5@5.4.1-1?upstream=xz-utils&distro=debian-12"}]}
            """);

        Assert.Equal(0, (await TetherProcess.RunAsync("vuln", "match", sbom, "--db", fixture.Db, "--fail-on", "medium")).ExitCode);
        Assert.Equal(1, (await TetherProcess.RunAsync("vuln", "match", sbom, "--db", fixture.Db, "--fail-on", "low")).ExitCode);
        var negligible = await TetherProcess.RunAsync("vuln", "match", sbom, "--db", fixture.Db, "--fail-on", "negligible");
        Assert.Equal(1, negligible.ExitCode);
        Assert.Contains("1 match(es) at or above NEGLIGIBLE", negligible.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_in_two_sboms_is_one_match_naming_both_files()
    {
        var first = await WriteAsync("a.cdx.json", LanguageSbom);
        var second = await WriteAsync("b.cdx.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1, "components": [
              {"type": "library", "name": "lodash", "version": "4.17.11", "purl": "pkg:npm/lodash@4.17.11"}]}
            """);

        var json = await MatchJsonAsync(first, second);

        var lodash = json.RootElement.GetProperty("matches").EnumerateArray()
            .Where(m => m.GetProperty("package").GetProperty("name").GetString() == "lodash").ToList();
        Assert.Equal(2, lodash.Count);
        Assert.All(lodash, m => Assert.Equal([first, second], m.GetProperty("files").EnumerateArray().Select(f => f.GetString())));
        Assert.Equal(7, json.RootElement.GetProperty("packages").GetInt32());
    }

    [Fact]
    public async Task A_missing_database_is_exit_5_and_says_how_to_import_one()
    {
        var db = _dir.File("nowhere/tether.db");

        var result = await TetherProcess.RunAsync("vuln", "match", await WriteAsync("app.cdx.json", LanguageSbom), "--db", db);

        Assert.Equal(5, result.ExitCode);
        Assert.Equal($"error: {db}: no advisory database here (run `tether db import osv PATH|URL` first, or pass --db / TETHER_DB).\n", result.Stderr);
        Assert.Equal("", result.Stdout);
        Assert.False(Directory.Exists(_dir.File("nowhere")));
    }

    [Fact]
    public async Task An_empty_database_warns_that_nothing_can_match()
    {
        var db = _dir.File("empty.db");
        Assert.Equal(0, (await TetherProcess.RunAsync("db", "status", "--db", db)).ExitCode);

        var result = await TetherProcess.RunAsync("vuln", "match", await WriteAsync("app.cdx.json", LanguageSbom), "--db", db, "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"warning: {db} holds no advisories; run `tether db import osv PATH|URL`", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(7, JsonDocument.Parse(result.Stdout).RootElement.GetProperty("packagesWithoutAdvisories").GetInt32());
    }

    [Fact]
    public async Task A_malformed_sbom_is_exit_2_and_no_report_is_printed()
    {
        var good = await WriteAsync("good.cdx.json", LanguageSbom);
        var bad = await WriteAsync("bad.cdx.json", LanguageSbom[..(LanguageSbom.Length / 2)]);

        var result = await TetherProcess.RunAsync("vuln", "match", good, bad, "--db", fixture.Db, "-o", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {bad}", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Invalid_versions_are_counted_warnings_on_stderr()
    {
        var sbom = await WriteAsync("odd.cdx.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": [
              {"type": "library", "name": "lodash", "version": "not.a.version!", "purl": "pkg:npm/lodash@not.a.version!"},
              {"type": "library", "name": "lodash", "version": "4.17.11", "purl": "pkg:npm/lodash@4.17.11"}]}
            """);

        var result = await TetherProcess.RunAsync("vuln", "match", sbom, "--db", fixture.Db, "-o", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var warning = Assert.Single(json.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.StartsWith("npm|lodash|not.a.version!: ", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, warning.GetProperty("count").GetInt32());
        Assert.Contains($"warning: {warning.GetProperty("message").GetString()}", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, json.RootElement.GetProperty("matches").GetArrayLength());
    }

    [Fact]
    public async Task Terminal_control_sequences_in_an_sbom_never_reach_the_terminal()
    {
        var sbom = await WriteAsync("hostile.cdx.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": [
              {"type": "library", "name": "x", "version": "1", "purl": "pkg:deb/debian/x@1?distro=debian-12%1B%5B2J"},
              {"type": "library", "name": "y", "version": "1", "purl": "pkg:generic/y%1B%5D0%3Bowned%07@1"},
              {"type": "library", "name": "lodash", "version": "4.17.11", "purl": "pkg:npm/lodash@4.17.11?x=%1B%5B31m"}]}
            """);

        foreach (var format in new[] { "table", "sarif" })
        {
            var result = await TetherProcess.RunAsync("vuln", "match", sbom, "--db", fixture.Db, "-o", format);

            Assert.True(result.ExitCode == 0, result.Stderr);
            foreach (var control in new[] { '\u001b', '\u0007', '\u009b' })
            {
                Assert.DoesNotContain(control, result.Stdout);
                Assert.DoesNotContain(control, result.Stderr);
            }
        }
    }

    public void Dispose() => _dir.Dispose();

    private async Task<JsonDocument> MatchJsonAsync(params string[] args)
    {
        var result = await TetherProcess.RunAsync(["vuln", "match", .. args, "--db", fixture.Db, "-o", "json"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout);
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = _dir.File(name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
