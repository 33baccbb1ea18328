using Tether.Testing;
using Tether.Vulnerabilities.Matching;
using Tether.Vulnerabilities.Sbom;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Matching;

/// <summary>
/// The real CVE-2018-5407 record (openssl, <c>Alpine:v3.3</c> … <c>Alpine:v3.8</c>, each <c>introduced 0</c> /
/// <c>fixed 1.0.2q-r0</c>, plus a GIT-only nodejs entry) against the packages of two real Syft SBOMs: alpine 3.10 (SPDX)
/// and alpine 3.16 (CycloneDX), read with <see cref="Sboms.ReadPackages"/>. Expectations are worked out by hand with
/// apk's ordering (<c>apk version -t</c>): numbers compare number by number, then a letter after the numbers
/// (<c>1.0.2p</c> &lt; <c>1.0.2q</c>), and the <c>-rN</c> revision only when everything before it is equal.
/// </summary>
public sealed class AlpineSbomMatchingTests
{
    private const string Cve = "CVE-2018-5407";
    private const string Fix = "1.0.2q-r0";

    private static List<MatchablePackage> Sbom(string file) =>
    [
        .. Sboms.ReadPackages(File.ReadAllBytes(TestData.Shared("sbom", file)), file).Packages.Select(p =>
            new MatchablePackage(p.Key, p.Ecosystem, p.Name, p.Version) { SourceName = p.SourceName, SourceVersion = p.SourceVersion }),
    ];

    private static List<MatchablePackage> Alpine310 => Sbom("syft-alpine-3.10.spdx.json");

    private static List<MatchablePackage> Alpine316 => Sbom("syft-alpine-3.16-cyclonedx.json");

    [Fact]
    public async Task The_SBOMs_releases_are_not_in_the_record_so_nothing_matches_and_every_package_counts_as_without_advisories()
    {
        // The record names releases 3.3 to 3.8 only: 3.10 and 3.16 shipped openssl 1.1.1, which the flaw never affected.
        // Another release's entry must not be borrowed.
        Assert.Equal(3, Alpine310.Count);
        Assert.All(Alpine310, p => Assert.Equal("Alpine:v3.10", p.Ecosystem));
        Assert.Equal(14, Alpine316.Count); // 15 components; the image itself has no purl
        Assert.All(Alpine316, p => Assert.Equal("Alpine:v3.16", p.Ecosystem));
        await using var database = await AdvisoryDatabase.WithAsync(AdvisoryDatabase.Osv("CVE-2018-5407.json"));

        var outcome = await database.MatchAsync([.. Alpine310, .. Alpine316]);

        Assert.Empty(outcome.Matches);
        Assert.Equal((3 + 14, 3 + 14, 0L), (outcome.Packages, outcome.PackagesWithoutAdvisories, outcome.Evaluations));
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public async Task In_a_release_the_record_covers_openssl_binaries_are_compared_on_their_origin_with_apk_ordering()
    {
        await using var database = await AdvisoryDatabase.WithAsync(AdvisoryDatabase.Osv("CVE-2018-5407.json"));
        // The SBOMs' packages as if installed on 3.8, the newest release the record fixes, and the openssl 1.0.2 builds
        // 3.8 shipped around the fix (libssl1.0 / libcrypto1.0, origin openssl).
        var packages = Alpine310.Concat(Alpine316).Select(p => In("Alpine:v3.8", p)).ToList();
        packages.AddRange(
        [
            Openssl("libssl1.0", "1.0.2p-r0"),     // p < q: affected
            Openssl("libcrypto1.0", "1.0.2o-r3"),  // o < q; the revision r3 is never reached: affected
            Openssl("libssl1.0", "1.0.2q-r0"),     // the fix itself: not affected
            Openssl("libcrypto1.0", "1.0.2q-r1"),  // same upstream version, later revision: not affected
            Openssl("libssl1.0", "1.0.2r-r0"),     // r > q: not affected
            Openssl("libssl1.0", "1.0.2p-r0") with { Ecosystem = "Alpine:v3.9", Key = "Alpine:v3.9|libssl1.0|1.0.2p-r0" }, // 3.9 is not in the record
        ]);

        var outcome = await database.MatchAsync(packages);

        Assert.Equal(
            ["Alpine:v3.8|libcrypto1.0|1.0.2o-r3", "Alpine:v3.8|libssl1.0|1.0.2p-r0"],
            outcome.Matches.Select(m => m.Package.Key).Order(StringComparer.Ordinal));
        Assert.All(outcome.Matches, m => Assert.Equal(
            (Cve, "openssl", true, m.Package.Version, Fix, "Alpine:v3.8"),
            (m.VulnerabilityId, m.MatchedOn, m.OnSource, m.MatchedVersion, m.Decision.Fixed, m.Entry.Package.Ecosystem)));

        // Evaluated: the five 1.0 builds and 3.16's libcrypto1.1 and libssl1.1 (origin openssl, 1.1.1q-r0: 1.1 > 1.0, not
        // affected). 3.10's SPDX records no origin for libssl1.1, so it is looked up by its own name, which no entry names.
        Assert.Equal(7, outcome.Evaluations);
        Assert.Null(Assert.Single(Alpine310, p => p.Name == "libssl1.1").SourceName);
        Assert.Equal(1, outcome.PackagesWithoutAdvisories);
        Assert.Empty(outcome.Warnings);
    }

    private static MatchablePackage In(string ecosystem, MatchablePackage package) =>
        package with { Ecosystem = ecosystem, Key = OsvOracle.Key(ecosystem, package.Name, package.Version) };

    private static MatchablePackage Openssl(string name, string version) =>
        new(OsvOracle.Key("Alpine:v3.8", name, version), "Alpine:v3.8", name, version) { SourceName = "openssl" };
}
