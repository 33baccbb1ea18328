using System.Text.Json;
using Tether.Core.Advisories;
using Tether.Vulnerabilities.Advisories.Parse;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Advisories;

/// <summary>Real records parsed field by field: lists in order, ranges and events exactly as given.</summary>
public sealed class OsvRecordParserTests
{
    private static readonly RangeEvent Zero = new(RangeEventKind.Introduced, "0");

    [Fact]
    public void An_Alpine_record_keeps_every_release_and_flags_its_GIT_range()
    {
        var advisory = OsvFixtures.Parse("CVE-2018-5407.json");

        Assert.Equal("CVE-2018-5407", advisory.Id);
        Assert.Equal(Utc(2024, 5, 29, 23, 34, 56), advisory.Modified);
        Assert.Equal(Utc(2018, 11, 15, 21, 29, 0), advisory.Published);
        Assert.Null(advisory.Withdrawn);
        Assert.Null(advisory.SchemaVersion);
        Assert.Empty(advisory.Aliases);
        Assert.Equal([new SeverityScore("CVSS_V3", "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N")], advisory.Severity);
        Assert.Null(advisory.VendorSeverity);
        Assert.StartsWith("Simultaneous Multi-threading (SMT) in processors", advisory.Details, StringComparison.Ordinal);

        Assert.Equal(7, advisory.Affected.Count);
        Assert.Equal(["Alpine:v3.3", "Alpine:v3.4", "Alpine:v3.5", "Alpine:v3.6", "Alpine:v3.7", "Alpine:v3.8", null], advisory.Affected.Select(a => a.Ecosystem));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], advisory.Affected.Select(a => a.Index));
        foreach (var alpine in advisory.Affected.Take(6))
        {
            Assert.Equal("openssl", alpine.Name);
            Assert.Equal("pkg:apk/alpine/openssl?arch=source", alpine.Purl);
            var range = Assert.Single(alpine.Ranges);
            Assert.Equal("ECOSYSTEM", range.Type);
            Assert.Equal([Zero, new RangeEvent(RangeEventKind.Fixed, "1.0.2q-r0")], range.Events);
            Assert.True(range.UsedForMatching);
            Assert.Null(range.Note);
        }

        var git = advisory.Affected[6];
        Assert.Null(git.Name);
        var gitRange = Assert.Single(git.Ranges);
        Assert.Equal(("GIT", "https://github.com/nodejs/node"), (gitRange.Type, gitRange.Repo));
        Assert.Equal(
            [new RangeEvent(RangeEventKind.Introduced, "cf41627411886000429bde058a6594fb7f6d6d47"), new RangeEvent(RangeEventKind.Fixed, "03b825811ed4af0addcdf6e75bacb3dc1c4c5940")],
            gitRange.Events);
        Assert.False(gitRange.UsedForMatching);
        Assert.Equal("not used for matching: GIT ranges need commit graphs", gitRange.Note);

        Assert.Equal(39, advisory.References.Count);
        Assert.Equal(new AdvisoryReference("ADVISORY", "http://www.securityfocus.com/bid/105897"), advisory.References[0]);
        Assert.Equal(new AdvisoryReference("WEB", "https://support.f5.com/csp/article/K49711130?utm_source=f5support&amp%3Butm_medium=RSS"), advisory.References[31]);
        Assert.Equal(new AdvisoryReference("ADVISORY", "https://security.alpinelinux.org/vuln/CVE-2018-5407"), advisory.References[^1]);
        Assert.Equal(System.IO.File.ReadAllText(OsvFixtures.File("CVE-2018-5407.json")), advisory.Record);
    }

    [Fact]
    public void A_Go_record_keeps_aliases_credits_and_its_ecosystem_specific_imports()
    {
        var advisory = OsvFixtures.Parse("GO-2020-0001.json");

        Assert.Equal("GO-2020-0001", advisory.Id);
        Assert.Equal("1.3.1", advisory.SchemaVersion);
        Assert.Equal(Utc(2024, 5, 20, 16, 3, 47), advisory.Modified);
        Assert.Equal(Utc(2021, 4, 14, 20, 4, 52), advisory.Published);
        Assert.Equal(["CVE-2020-36567", "GHSA-6vm3-jj99-7229"], advisory.Aliases);
        Assert.Equal("Arbitrary log line injection in github.com/gin-gonic/gin", advisory.Summary);
        Assert.Empty(advisory.Severity);
        var affected = Assert.Single(advisory.Affected);
        Assert.Equal(("Go", "github.com/gin-gonic/gin", (string?)null), (affected.Ecosystem, affected.Name, affected.Purl));
        var range = Assert.Single(affected.Ranges);
        Assert.Equal("SEMVER", range.Type);
        Assert.Equal([Zero, new RangeEvent(RangeEventKind.Fixed, "1.6.0")], range.Events);
        using (var specific = JsonDocument.Parse(affected.EcosystemSpecific!))
        {
            var import = specific.RootElement.GetProperty("imports")[0];
            Assert.Equal("github.com/gin-gonic/gin", import.GetProperty("path").GetString());
            Assert.Equal(["Default", "Logger", "LoggerWithConfig", "LoggerWithFormatter", "LoggerWithWriter"],
                import.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()));
        }

        Assert.Equal(
            [new AdvisoryReference("FIX", "https://github.com/gin-gonic/gin/pull/2237"), new AdvisoryReference("FIX", "https://github.com/gin-gonic/gin/commit/a71af9c144f9579f6dbe945341c1df37aaf09c0d")],
            advisory.References);
        Assert.Equal("@thinkerou <thinkerou@gmail.com>", Assert.Single(advisory.Credits).Name);
        Assert.Equal("""{"url":"https://pkg.go.dev/vuln/GO-2020-0001","review_status":"REVIEWED"}""", advisory.DatabaseSpecific);
    }

    [Fact]
    public void A_Red_Hat_record_without_affected_packages_keeps_its_related_CVEs()
    {
        var advisory = OsvFixtures.Parse("RHSA-2022_0216.json");

        Assert.Equal("RHSA-2022:0216", advisory.Id);
        Assert.Equal("1.6.0", advisory.SchemaVersion);
        Assert.Equal(["CVE-2021-44832", "CVE-2021-45046", "CVE-2021-45105"], advisory.Related);
        Assert.Empty(advisory.Aliases);
        Assert.Empty(advisory.Affected);
        Assert.Equal([new SeverityScore("CVSS_V3", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H")], advisory.Severity);
        Assert.Equal(27, advisory.References.Count);
        Assert.Equal(new AdvisoryReference("REPORT", "https://bugzilla.redhat.com/show_bug.cgi?id=2032580"), advisory.References[7]);
    }

    [Fact]
    public void A_withdrawn_record_keeps_its_interleaved_events_in_the_given_order()
    {
        var advisory = OsvFixtures.Parse("withdrawn.osv.json");

        Assert.Equal("GHSA-35c4-f3rq-f9g3", advisory.Id);
        Assert.Equal(Utc(2018, 10, 11, 17, 29, 49), advisory.Withdrawn);
        Assert.True(advisory.IsWithdrawn);
        Assert.Equal(Utc(2019, 7, 3, 21, 2, 3), advisory.Modified);
        Assert.Equal(["CVE-2015-3227"], advisory.Aliases);
        Assert.Contains("accidental duplicate publish.\r\n\r\nThe (1) jdom.rb", advisory.Details, StringComparison.Ordinal);
        var affected = Assert.Single(advisory.Affected);
        Assert.Equal(("RubyGems", "activesupport"), (affected.Ecosystem, affected.Name));
        Assert.Equal(
        [
            new RangeEvent(RangeEventKind.Introduced, "3.2.0"), new RangeEvent(RangeEventKind.Fixed, "3.2.22"),
            new RangeEvent(RangeEventKind.Introduced, "4.2.0"), new RangeEvent(RangeEventKind.Fixed, "4.2.2"),
            new RangeEvent(RangeEventKind.Introduced, "4.0.0"), new RangeEvent(RangeEventKind.Fixed, "4.1.11"),
        ], Assert.Single(affected.Ranges).Events);
        Assert.Empty(affected.Versions);
        Assert.Equal("""
            {
                    "ghsa": "https://github.com/advisories/GHSA-35c4-f3rq-f9g3",
                    "cwes": []
                  }
            """.Replace("\n            ", "\n", StringComparison.Ordinal), affected.DatabaseSpecific);
    }

    [Fact]
    public void An_OSS_Fuzz_record_keeps_its_commit_range_versions_and_own_severity()
    {
        var advisory = OsvFixtures.Parse("oss-fuzz-importer-expected.json");

        Assert.Equal("OSV-2017-134", advisory.Id);
        Assert.Equal(Utc(2021, 1, 1, 0, 0, 0), advisory.Modified);
        Assert.Equal(Utc(2021, 1, 15, 0, 0, 24).AddTicks(5_591_020), advisory.Published);
        var affected = Assert.Single(advisory.Affected);
        Assert.Equal(("OSS-Fuzz", "file", "pkg:generic/file"), (affected.Ecosystem, affected.Name, affected.Purl));
        var range = Assert.Single(affected.Ranges);
        Assert.Equal(("GIT", "https://github.com/file/file.git", false), (range.Type, range.Repo, range.UsedForMatching));
        Assert.Equal(
            [new RangeEvent(RangeEventKind.Introduced, "17ee4cf670c363de8d2ea4a4897d7a699837873f"), new RangeEvent(RangeEventKind.Fixed, "19ccebafb7663c422c714e0c67fa4775abf91c43")],
            range.Events);
        Assert.Equal(["FILE5_29", "FILE5_30"], affected.Versions);
        Assert.Equal(new VendorSeverity("MEDIUM", "ecosystem_specific.severity"), affected.VendorSeverity);
    }

    [Fact]
    public void An_Ubuntu_record_keeps_its_upstream_CVE_priority_and_listed_versions()
    {
        var advisory = OsvFixtures.Parse("UBUNTU-CVE-2025-38094.json");

        Assert.Equal("1.7.3", advisory.SchemaVersion);
        Assert.Empty(advisory.Aliases);
        Assert.Empty(advisory.Related);
        Assert.Equal(["CVE-2025-38094"], advisory.Upstream);
        Assert.Equal([new SeverityScore("Ubuntu", "medium")], advisory.Severity);
        Assert.Equal(new VendorSeverity("medium", "severity[Ubuntu]"), advisory.VendorSeverity);
        var affected = Assert.Single(advisory.Affected);
        Assert.Equal(("Ubuntu:Pro:14.04:LTS", "linux"), (affected.Ecosystem, affected.Name));
        Assert.Equal("pkg:deb/ubuntu/linux@3.13.0-206.257?arch=source&distro=esm-infra-legacy/trusty", affected.Purl);
        Assert.Equal([Zero], Assert.Single(affected.Ranges).Events);
        Assert.Equal(180, affected.Versions.Count);
        Assert.Equal(("3.11.0-12.19", "3.12.0-1.3", "3.13.0-206.257"), (affected.Versions[0], affected.Versions[1], affected.Versions[^1]));
        Assert.Equal("{}", affected.EcosystemSpecific);
    }

    [Fact]
    public void A_DSA_record_names_its_CVE_as_alias()
    {
        var advisory = OsvFixtures.Parse("DSA-3029-1.json");

        Assert.Equal(["CVE-2014-3616"], advisory.Aliases);
        var affected = Assert.Single(advisory.Affected);
        Assert.Equal(("Debian:7", "nginx"), (affected.Ecosystem, affected.Name));
        Assert.Equal([Zero, new RangeEvent(RangeEventKind.Fixed, "1.2.1-2.2+wheezy3")], Assert.Single(affected.Ranges).Events);
    }

    [Theory]
    [InlineData("GHSA-hh2w-p6rv-4g7w.json", "NuGet", "System.Text.Json", "introduced:7.0.0 fixed:8.0.4", "HIGH")]
    [InlineData("GHSA-78xj-cgh5-2h22.json", "npm", "ip", "introduced:0 last_affected:1.1.8", "HIGH")]
    [InlineData("GHSA-3f63-hfp8-52jq.json", "PyPI", "Pillow", "introduced:0 fixed:10.2.0", "HIGH")]
    [InlineData("GHSA-45x7-px36-x8w8.json", "crates.io", "russh", "introduced:0 fixed:0.40.2", "MODERATE")]
    [InlineData("GHSA-jfh8-c2jp-5v3q.json", "Maven", "org.apache.logging.log4j:log4j-core", "introduced:2.13.0 fixed:2.15.0", "CRITICAL")]
    public void GitHub_records_keep_their_first_range_and_GitHub_severity(string file, string ecosystem, string name, string events, string severity)
    {
        var advisory = OsvFixtures.Parse("ghsa", file);

        var first = advisory.Affected[0];
        Assert.Equal((ecosystem, name), (first.Ecosystem, first.Name));
        Assert.Equal(events, string.Join(' ', first.Ranges[0].Events.Select(e => $"{e.Name}:{e.Version}")));
        Assert.Equal(new VendorSeverity(severity, "database_specific.severity"), advisory.VendorSeverity);
    }

    [Fact]
    public void A_record_with_CVSS_3_and_4_keeps_both_in_order()
    {
        var advisory = OsvFixtures.Parse("ghsa", "GHSA-hh2w-p6rv-4g7w.json");

        Assert.Equal(
        [
            new SeverityScore("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"),
            new SeverityScore("CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N"),
        ], advisory.Severity);
    }

    [Fact]
    public void Log4Shell_keeps_its_three_split_entries()
    {
        var advisory = OsvFixtures.Parse("ghsa", "GHSA-jfh8-c2jp-5v3q.json");

        Assert.Equal(["CVE-2021-44228"], advisory.Aliases);
        Assert.Equal(
            ["introduced:2.13.0 fixed:2.15.0", "introduced:0 fixed:2.3.1", "introduced:2.4 fixed:2.12.2"],
            advisory.Affected.Select(a => string.Join(' ', Assert.Single(a.Ranges).Events.Select(e => $"{e.Name}:{e.Version}"))));
    }

    [Fact]
    public void Every_Debian_12_changelog_record_is_a_fixed_version_of_its_CVE()
    {
        var files = Directory.GetFiles(OsvFixtures.File("debian12-changelog"), "*.json");
        Assert.Equal(245, files.Length);
        foreach (var file in files)
        {
            var document = OsvDocumentParser.Parse(System.IO.File.ReadAllBytes(file), file);
            var advisory = Assert.Single(document.Advisories);
            Assert.Empty(document.Warnings);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), advisory.Id);
            Assert.Equal([advisory.Id["DEBIAN-".Length..]], advisory.Aliases);
            Assert.Equal(Utc(2026, 11, 22, 0, 0, 0), advisory.Modified);
            // Two CVEs were fixed in two source packages each (gzip and xz-utils; gnutls28 and libtasn1-6).
            Assert.Equal(advisory.Id is "DEBIAN-CVE-2022-1271" or "DEBIAN-CVE-2024-12133" ? 2 : 1, advisory.Affected.Count);
            foreach (var affected in advisory.Affected)
            {
                Assert.Equal("Debian:12", affected.Ecosystem);
                Assert.Equal($"pkg:deb/debian/{affected.Name}?arch=source", affected.Purl);
                var events = Assert.Single(affected.Ranges).Events;
                Assert.Equal(2, events.Count);
                Assert.Equal(Zero, events[0]);
                Assert.Equal(RangeEventKind.Fixed, events[1].Kind);
                using var specific = JsonDocument.Parse(affected.DatabaseSpecific!);
                Assert.Equal("derived from the package's changelog.Debian", specific.RootElement.GetProperty("source").GetString());
            }
        }

        var xz = OsvFixtures.Parse("debian12-changelog", "DEBIAN-CVE-2022-1271.json").Affected;
        Assert.Equal(["gzip 1.12-1", "xz-utils 5.2.5-2.1"], xz.Select(a => $"{a.Name} {a.Ranges[0].Events[1].Version}"));
    }

    [Fact]
    public void Every_real_record_parses_without_warnings()
    {
        var parsed = OsvFixtures.AllFiles()
            .Select(file => OsvDocumentParser.Parse(System.IO.File.ReadAllBytes(file), file))
            .ToList();

        Assert.All(parsed, document => Assert.Empty(document.Warnings));
        Assert.Equal(OsvFixtures.RecordCount, parsed.Sum(document => document.Advisories.Count));
    }

    [Fact]
    public void A_document_may_hold_an_array_of_records_or_an_API_style_vulns_list()
    {
        var go = System.IO.File.ReadAllText(OsvFixtures.File("GO-2020-0001.json"));
        var dsa = System.IO.File.ReadAllText(OsvFixtures.File("DSA-3029-1.json"));

        var array = OsvDocumentParser.Parse(System.Text.Encoding.UTF8.GetBytes($"[{go},{dsa}]"), "list.json");
        Assert.Equal(["GO-2020-0001", "DSA-3029-1"], array.Advisories.Select(a => a.Id));
        Assert.Equal(go, array.Advisories[0].Record);

        var vulns = OsvDocumentParser.Parse(System.Text.Encoding.UTF8.GetBytes($$"""{"vulns":[{{dsa}}]}"""), "query.json");
        Assert.Equal("DSA-3029-1", Assert.Single(vulns.Advisories).Id);
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);
}
