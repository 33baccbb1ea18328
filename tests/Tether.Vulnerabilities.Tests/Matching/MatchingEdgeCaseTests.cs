using System.Text.Json.Nodes;
using Tether.Vulnerabilities.Matching;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Matching;

/// <summary>
/// <see cref="PackageMatcher"/> at its edges, on real records (and a few records written here where the fixtures have
/// none, each shaped like the real ones of its database): ecosystems without advisories, invalid versions, withdrawn
/// records, two records of one CVE, Red Hat streams, releases, Ubuntu's source keying.
/// </summary>
public sealed class MatchingEdgeCaseTests
{
    [Fact]
    public async Task Packages_of_ecosystems_without_live_advisories_are_counted_not_matched()
    {
        // RubyGems' only record is withdrawn: a tombstone, so RubyGems has no advisories either.
        await using var database = await AdvisoryDatabase.WithAsync(AdvisoryDatabase.Osv("ghsa"), AdvisoryDatabase.Osv("withdrawn.osv.json"));

        var outcome = await database.MatchAsync(
            Package("npm", "lodash", "4.17.21"),
            Package("RubyGems", "activesupport", "4.2.1"),
            Package("Debian:12", "zlib1g", "1:1.2.13.dfsg-1", "zlib"),
            Package("Alpine:v3.18", "musl", "1.2.4-r2"));

        Assert.Empty(outcome.Matches);
        Assert.Equal((4, 3, 2L), (outcome.Packages, outcome.PackagesWithoutAdvisories, outcome.Evaluations)); // lodash meets two records
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public async Task An_invalid_installed_version_is_a_counted_warning_and_no_match()
    {
        await using var database = await AdvisoryDatabase.WithAsync(AdvisoryDatabase.Osv("ghsa"), AdvisoryDatabase.Osv("debian12-changelog"));

        var outcome = await database.MatchAsync(
            Package("npm", "lodash", "4.17.x"),
            Package("npm", "lodash", "4.17.11"),
            Package("Debian:12", "libssl3", "3.0.1 -1", "openssl"),
            Package("npm", "left-pad", "not a version"));

        Assert.Equal(
            ["npm|lodash|4.17.11 CVE-2019-10744", "npm|lodash|4.17.11 CVE-2020-8203"],
            outcome.Matches.Select(m => $"{m.Package.Key} {m.VulnerabilityId}").Order(StringComparer.Ordinal));
        // One warning per package whose name advisories know; left-pad meets no record, so its version is never read.
        Assert.Equal(2, outcome.Warnings.Count);
        Assert.Equal(1, Assert.Single(outcome.Warnings, w => w.Key.StartsWith("npm|lodash|4.17.x: ", StringComparison.Ordinal) && w.Key.EndsWith("; not matched against npm", StringComparison.Ordinal)).Value);
        Assert.Equal(1, Assert.Single(outcome.Warnings, w => w.Key.StartsWith("Debian:12|libssl3|3.0.1 -1: ", StringComparison.Ordinal) && w.Key.EndsWith("; not matched against Debian:12", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public async Task A_withdrawn_record_matches_nothing_that_the_same_record_live_would_match()
    {
        var withdrawn = new[] { AdvisoryDatabase.Osv("withdrawn.osv.json"), AdvisoryDatabase.Osv("ghsa", "GHSA-8g9c-28fc-mcx2.json") };
        MatchablePackage[] packages =
        [
            Package("RubyGems", "activesupport", "4.2.1"),
            Package("RubyGems", "activesupport", "3.2.21"),
            Package("NuGet", "Microsoft.IdentityModel.JsonWebTokens", "6.10.0"),
            Package("NuGet", "System.IdentityModel.Tokens.Jwt", "7.0.0"),
        ];
        await using var database = await AdvisoryDatabase.WithAsync(withdrawn);

        var outcome = await database.MatchAsync(packages);

        Assert.Empty(outcome.Matches);
        Assert.Equal(0L, outcome.Evaluations);

        // The same records without their withdrawn field affect all four: only the withdrawal keeps them out.
        await using var live = await AdvisoryDatabase.CreateAsync();
        await live.ImportAsync([.. withdrawn.Select(path =>
        {
            var record = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            Assert.True(record.Remove("withdrawn"));
            return live.Write(Path.GetFileName(path), record.ToJsonString());
        })]);
        Assert.Equal(
            [
                "NuGet|Microsoft.IdentityModel.JsonWebTokens|6.10.0 GHSA-8g9c-28fc-mcx2 fixed 6.34.0",
                "NuGet|System.IdentityModel.Tokens.Jwt|7.0.0 GHSA-8g9c-28fc-mcx2 fixed 7.1.2",
                "RubyGems|activesupport|3.2.21 CVE-2015-3227 fixed 3.2.22",
                "RubyGems|activesupport|4.2.1 CVE-2015-3227 fixed 4.2.2",
            ],
            (await live.MatchAsync(packages)).Matches.Select(m => $"{m.Package.Key} {m.VulnerabilityId} fixed {m.Decision.Fixed}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_DSA_and_a_DEBIAN_CVE_record_of_one_CVE_make_one_match_per_package()
    {
        await using var database = await AdvisoryDatabase.CreateAsync();
        await database.ImportAsync(
            database.Write("DSA-5532-1.json", DebianRecord("DSA-5532-1", "openssl - security update", "CVE-2023-5363", "3.0.11-1~deb12u2")),
            database.Write("DEBIAN-CVE-2023-5363.json", DebianRecord("DEBIAN-CVE-2023-5363", "CVE-2023-5363 fixed in Debian 12", "CVE-2023-5363", "3.0.11-1~deb12u2")));

        var outcome = await database.MatchAsync(
            Package("Debian:12", "libssl3", "3.0.11-1~deb12u1", "openssl"),
            Package("Debian:12", "openssl", "3.0.11-1~deb12u1"),
            Package("Debian:12", "libssl3", "3.0.11-1~deb12u2", "openssl"));

        // Ordered by record id, the DEBIAN-CVE record decides; the DSA's entry of the same CVE is then not evaluated.
        Assert.Equal(
            ["Debian:12|libssl3|3.0.11-1~deb12u1 CVE-2023-5363 DEBIAN-CVE-2023-5363", "Debian:12|openssl|3.0.11-1~deb12u1 CVE-2023-5363 DEBIAN-CVE-2023-5363"],
            outcome.Matches.Select(m => $"{m.Package.Key} {m.VulnerabilityId} {m.Entry.AdvisoryId}").Order(StringComparer.Ordinal));
        Assert.Equal(2 + 2, outcome.Evaluations); // one per affected package, both for the fixed one
    }

    [Fact]
    public async Task A_Red_Hat_release_meets_the_streams_of_its_own_release_only_by_binary_and_source_RPM_name()
    {
        await using var database = await AdvisoryDatabase.CreateAsync();
        // Red Hat's OSV records name repository streams an image cannot tell apart. The RHEL 8 record's fix is above
        // the installed version on purpose: only its release keeps it from matching.
        await database.ImportAsync(
            database.Write("rhel9-appstream.json", RedHatRecord("RHSA-2099:0001", "CVE-2099-0001", "Red Hat:enterprise_linux:9::appstream", "openssl-libs", "1:3.0.7-25.el9_3")),
            database.Write("rhel9-baseos.json", RedHatRecord("RHSA-2099:0002", "CVE-2099-0002", "Red Hat:enterprise_linux:9::baseos", "openssl", "1:3.0.7-27.el9")),
            database.Write("rhel8-appstream.json", RedHatRecord("RHSA-2099:0003", "CVE-2099-0003", "Red Hat:enterprise_linux:8::appstream", "openssl-libs", "1:3.0.8-1.el8")));

        var outcome = await database.MatchAsync(
            Package("Red Hat:enterprise_linux:9", "openssl-libs", "1:3.0.7-24.el9", "openssl"),
            Package("Red Hat", "openssl-libs", "1:3.0.7-24.el9", "openssl"));

        Assert.Equal(
            [
                "Red Hat:enterprise_linux:9|openssl-libs|1:3.0.7-24.el9 CVE-2099-0001 on openssl-libs (binary) fixed 1:3.0.7-25.el9_3 from Red Hat:enterprise_linux:9::appstream",
                "Red Hat:enterprise_linux:9|openssl-libs|1:3.0.7-24.el9 CVE-2099-0002 on openssl (source) fixed 1:3.0.7-27.el9 from Red Hat:enterprise_linux:9::baseos",
            ],
            outcome.Matches.Select(m => $"{m.Package.Key} {m.VulnerabilityId} on {m.MatchedOn} ({(m.OnSource ? "source" : "binary")}) fixed {m.Decision.Fixed} from {m.Entry.Package.Ecosystem}")
                .Order(StringComparer.Ordinal));
        Assert.Equal(1, outcome.PackagesWithoutAdvisories); // "Red Hat" without a release meets no stream
    }

    [Fact]
    public async Task A_Debian_package_without_its_release_matches_nothing_of_Debian_12()
    {
        await using var database = await AdvisoryDatabase.WithAsync(AdvisoryDatabase.Osv("debian12-changelog"));
        var bookworm = Package("Debian:12", "libssl3", "3.0.1-1", "openssl");

        var outcome = await database.MatchAsync(bookworm with { Ecosystem = "Debian", Key = "Debian|libssl3|3.0.1-1" }, bookworm);

        // Guessing the release would report another release's fixes: only the Debian:12 package matches.
        Assert.All(outcome.Matches, m => Assert.Equal(bookworm.Key, m.Package.Key));
        Assert.Equal(77, outcome.Matches.Count); // the openssl records whose fix dpkg --compare-versions puts above 3.0.1-1
        Assert.Equal(1, outcome.PackagesWithoutAdvisories);
    }

    [Fact]
    public async Task Ubuntu_advisories_are_keyed_by_source_package()
    {
        await using var database = await AdvisoryDatabase.WithAsync(AdvisoryDatabase.Osv("UBUNTU-CVE-2025-38094.json"));
        const string Pro = "Ubuntu:Pro:14.04:LTS";

        var outcome = await database.MatchAsync(
            Package(Pro, "linux-image-3.13.0-206-generic", "3.13.0-206.257", "linux"),
            Package(Pro, "linux", "3.13.0-170.220"),
            Package(Pro, "linux-libc-dev", "3.13.0-206.257"));

        Assert.Equal(
            [
                "Ubuntu:Pro:14.04:LTS|linux-image-3.13.0-206-generic|3.13.0-206.257 CVE-2025-38094 on linux (source)",
                "Ubuntu:Pro:14.04:LTS|linux|3.13.0-170.220 CVE-2025-38094 on linux (binary)",
            ],
            outcome.Matches.Select(m => $"{m.Package.Key} {m.VulnerabilityId} on {m.MatchedOn} ({(m.OnSource ? "source" : "binary")})").Order(StringComparer.Ordinal));
        Assert.Equal(2L, outcome.Evaluations); // linux-libc-dev without a recorded source is its own source, which no record names
    }

    private static MatchablePackage Package(string ecosystem, string name, string version, string? source = null) =>
        new(OsvOracle.Key(ecosystem, name, version), ecosystem, name, version) { SourceName = source };

    private static string DebianRecord(string id, string summary, string cve, string fix) => $$"""
        {
          "schema_version": "1.6.0",
          "id": "{{id}}",
          "modified": "2023-10-25T00:00:00Z",
          "aliases": ["{{cve}}"],
          "summary": "{{summary}}",
          "affected": [
            {
              "package": { "ecosystem": "Debian:12", "name": "openssl", "purl": "pkg:deb/debian/openssl?arch=source" },
              "ranges": [ { "type": "ECOSYSTEM", "events": [ { "introduced": "0" }, { "fixed": "{{fix}}" } ] } ]
            }
          ]
        }
        """;

    private static string RedHatRecord(string id, string cve, string ecosystem, string name, string fix) => $$"""
        {
          "schema_version": "1.6.0",
          "id": "{{id}}",
          "modified": "2024-09-01T17:42:35Z",
          "upstream": ["{{cve}}"],
          "summary": "Red Hat Security Advisory: openssl security update",
          "affected": [
            {
              "package": { "ecosystem": "{{ecosystem}}", "name": "{{name}}", "purl": "pkg:rpm/redhat/{{name}}" },
              "ranges": [ { "type": "ECOSYSTEM", "events": [ { "introduced": "0" }, { "fixed": "{{fix}}" } ] } ]
            }
          ]
        }
        """;
}
