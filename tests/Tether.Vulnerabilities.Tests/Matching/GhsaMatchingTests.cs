using System.Globalization;
using System.Text.RegularExpressions;
using Tether.Testing;
using Tether.Vulnerabilities.Matching;
using Xunit;
using Xunit.Abstractions;

namespace Tether.Vulnerabilities.Tests.Matching;

/// <summary>
/// <see cref="PackageMatcher"/> on the real GitHub-reviewed records (shared/testdata/osv/ghsa, plus the top-level GHSA and
/// GO records, and PyPA's PYSEC-2021-66 from <c>testdata/</c>) against every version those records name and versions derived around them, with each ecosystem's
/// reference ordering and the OSV range rules written out in <see cref="OsvOracle"/> deciding. The set of (package,
/// vulnerability) matches, the deciding record, and the fixed or last-affected version must be the oracle's exactly.
/// </summary>
public sealed partial class GhsaMatchingTests(ITestOutputHelper output)
{
    private const string Log4j = "org.apache.logging.log4j:log4j-core";

    private static IReadOnlyList<string> Files() =>
    [
        .. Directory.EnumerateFiles(AdvisoryDatabase.Osv("ghsa"), "*.json"),
        AdvisoryDatabase.Osv("GHSA-838r-hvwh-24h8.json"),
        AdvisoryDatabase.Osv("GHSA-9v2f-6vcg-3hgv.json"),
        AdvisoryDatabase.Osv("GO-2020-0001.json"),
        TestData.Repo("tests", "Tether.Vulnerabilities.Tests", "Matching", "testdata", "PYSEC-2021-66.json"),
    ];

    [Theory]
    [InlineData("npm")]
    [InlineData("PyPI")]
    [InlineData("Maven")]
    [InlineData("NuGet")]
    [InlineData("Go")]
    [InlineData("crates.io")]
    public async Task Every_version_the_records_name_and_its_neighbours_match_as_the_reference_ordering_and_the_OSV_ranges_decide(string ecosystem)
    {
        var entries = OsvOracle.Read(Files()).Where(e => e.Ecosystem == ecosystem).ToList();
        var packages = Packages(ecosystem, entries);
        var live = entries.Where(e => !e.Withdrawn).ToLookup(e => OsvOracle.Fold(ecosystem, e.Name), StringComparer.Ordinal);
        var questions = packages.SelectMany(p => live[OsvOracle.Fold(ecosystem, p.Name)]
            .SelectMany(OsvOracle.Bounds).Prepend(p.Version).Select(bound => (p.Version, bound)));
        var reference = LanguageReference.Ask(ecosystem, questions);
        var expected = OsvOracle.Expected(packages, entries, sourceKeyed: false, reference.Compare, out var pairs);

        await using var database = await AdvisoryDatabase.WithAsync([.. Files()]);
        var outcome = await database.MatchAsync(packages);

        OsvOracle.AssertSame(expected, outcome, reference.Name);
        Assert.Equal((packages.Count, 0), (outcome.Packages, outcome.PackagesWithoutAdvisories));

        // A version the reference rejects is a counted warning naming the package, and nothing else warns.
        var rejected = packages.Where(p => live[OsvOracle.Fold(ecosystem, p.Name)].Any() && reference.Compare(p.Version, p.Version) is null)
            .Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(rejected, outcome.Warnings.Keys.Select(w => w[..w.IndexOf(": ", StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.All(outcome.Warnings.Values, count => Assert.Equal(1, count));

        // Both answers must be common, or agreement would prove little.
        Assert.InRange(expected.Count, pairs / 10, pairs - (pairs / 10));
        output.WriteLine($"{ecosystem}: {packages.Count} packages, {pairs} (package, entry) pairs, {reference.Questions} questions to {reference.Name}: "
            + $"{expected.Count} matches, {rejected.Count} versions rejected");
    }

    /// <summary>The cases the records are known for, checked by hand (the oracle agrees; these say what it means).</summary>
    [Theory]
    // Pillow's record is written "Pillow"; pip installs "pillow": PEP 503 names are one package.
    [InlineData("PyPI", "pillow", "10.1.0", "CVE-2023-50447 fixed 10.2.0")]
    [InlineData("PyPI", "PILLOW", "9.5.0", "CVE-2023-50447 fixed 10.2.0")]
    [InlineData("PyPI", "pillow", "10.2.0", "")]
    // PyPA's record lists every affected jinja2 release and has the range too: the range still says where the fix is.
    [InlineData("PyPI", "Jinja2", "2.11.2", "CVE-2020-28493 fixed 2.11.3, CVE-2024-22195 fixed 3.1.3")]
    [InlineData("PyPI", "jinja2", "2.0rc1", "CVE-2020-28493 fixed 2.11.3, CVE-2024-22195 fixed 3.1.3")]
    [InlineData("PyPI", "jinja2", "2.11.3", "CVE-2024-22195 fixed 3.1.3")]
    // golang.org/x/net was fixed in a pseudo-version: one second earlier is affected, the fix itself is not.
    [InlineData("Go", "golang.org/x/net", "v0.0.0-20220906165145-aaaaaaaaaaaa", "CVE-2022-27664 fixed 0.0.0-20220906165146-f3363e06e74c, CVE-2022-41723 fixed 0.7.0")]
    [InlineData("Go", "golang.org/x/net", "v0.0.0-20220906165146-f3363e06e74c", "CVE-2022-41723 fixed 0.7.0")]
    [InlineData("Go", "golang.org/x/net", "v0.7.0", "")]
    // ip has no fix: last_affected 1.1.8 includes 1.1.8 itself.
    [InlineData("npm", "ip", "1.1.8", "CVE-2023-42282 last_affected 1.1.8")]
    [InlineData("npm", "ip", "1.1.9", "")]
    // express 5 pre-releases from alpha.1 up to (not including) beta.3; 5.0.0 itself is past the range.
    [InlineData("npm", "express", "5.0.0-alpha.1", "CVE-2024-29041 fixed 5.0.0-beta.3")]
    [InlineData("npm", "express", "5.0.0-beta.2", "CVE-2024-29041 fixed 5.0.0-beta.3")]
    [InlineData("npm", "express", "5.0.0-beta.3", "")]
    [InlineData("npm", "express", "5.0.0", "")]
    [InlineData("npm", "express", "4.19.1", "CVE-2024-29041 fixed 4.19.2")]
    // log4j-core: three records, split ranges. 2.3.1 lies in GHSA-7rjr's [0, 2.12.2) only; 2.12.2 in GHSA-p6xc's [2.4.0, 2.12.3) only.
    [InlineData("Maven", Log4j, "2.14.1", "CVE-2021-44228 fixed 2.15.0, CVE-2021-45046 fixed 2.16.0, CVE-2021-45105 fixed 2.17.0")]
    [InlineData("Maven", Log4j, "2.0-beta9", "CVE-2021-44228 fixed 2.3.1, CVE-2021-45046 fixed 2.12.2, CVE-2021-45105 fixed 2.3.1")]
    [InlineData("Maven", Log4j, "2.3.1", "CVE-2021-45046 fixed 2.12.2")]
    [InlineData("Maven", Log4j, "2.12.2", "CVE-2021-45105 fixed 2.12.3")]
    [InlineData("Maven", Log4j, "2.15.0", "CVE-2021-45046 fixed 2.16.0, CVE-2021-45105 fixed 2.17.0")]
    [InlineData("Maven", Log4j, "2.17.0", "")]
    public async Task Known_cases_match_as_their_records_say(string ecosystem, string name, string version, string expected)
    {
        await using var database = await AdvisoryDatabase.WithAsync([.. Files()]);

        var outcome = await database.MatchAsync(new MatchablePackage(OsvOracle.Key(ecosystem, name, version), ecosystem, name, version));

        Assert.Equal(
            expected,
            string.Join(", ", outcome.Matches.OrderBy(m => m.VulnerabilityId, StringComparer.Ordinal)
                .Select(m => m.Decision.Fixed is { } fix ? $"{m.VulnerabilityId} fixed {fix}" : $"{m.VulnerabilityId} last_affected {m.Decision.LastAffected}")));
        Assert.Empty(outcome.Warnings);
    }

    /// <summary>Every name the entries give (with case variants where the registry folds names, and where it does not), at every version the entries name and their neighbours.</summary>
    private static List<MatchablePackage> Packages(string ecosystem, IReadOnlyList<OracleEntry> entries) =>
    [
        .. entries.GroupBy(e => e.Name, StringComparer.Ordinal).SelectMany(byName =>
        {
            var versions = byName.SelectMany(OsvOracle.Bounds).SelectMany(v => Neighbours(ecosystem, v)).Distinct(StringComparer.Ordinal).ToList();
            return Names(ecosystem, byName.Key).SelectMany(name => versions.Select(version =>
                new MatchablePackage(OsvOracle.Key(ecosystem, name, version), ecosystem, name, version)));
        }).DistinctBy(p => p.Key),
    ];

    /// <summary>PyPI and NuGet fold names (the case variants must match); npm does not (a capitalized name is another package).</summary>
    private static IEnumerable<string> Names(string ecosystem, string name) => ecosystem switch
    {
        "PyPI" => [name, name.ToLowerInvariant(), name.ToUpperInvariant()],
        "NuGet" => [name, name.ToLowerInvariant()],
        "npm" => [name, char.ToUpperInvariant(name[0]) + name[1..]],
        _ => [name],
    };

    /// <summary>
    /// A version and versions just around it: its last release number one up and one down, a pre-release of its release,
    /// a fourth number (Maven, NuGet), a post-release (PyPI), a trailing hyphen (which some references reject), the
    /// <c>v</c>-prefixed form Go modules are installed with, and for a Go pseudo-version the same commit one second
    /// earlier and later.
    /// </summary>
    private static IEnumerable<string> Neighbours(string ecosystem, string version)
    {
        yield return version;
        var parts = Release().Match(version);
        if (!parts.Success)
        {
            yield break;
        }

        var numbers = parts.Groups["release"].Value.Split('.');
        var rest = parts.Groups["rest"].Value;
        var last = long.Parse(numbers[^1], CultureInfo.InvariantCulture);
        string With(long n) => string.Join('.', numbers[..^1].Append(n.ToString(CultureInfo.InvariantCulture)));
        var release = parts.Groups["release"].Value;
        var candidates = new List<string> { With(last + 1) + rest, version + "-" };
        if (last > 0)
        {
            candidates.Add(With(last - 1) + rest);
        }

        candidates.Add(ecosystem switch
        {
            "PyPI" => release + "rc1",
            "Maven" => release + "-rc1",
            _ => release + "-rc.1",
        });
        if (ecosystem is "Maven" or "NuGet" && numbers.Length == 3)
        {
            candidates.Add(release + ".1");
        }

        if (ecosystem == "PyPI")
        {
            candidates.Add(release + ".post1");
        }

        if (ecosystem == "Go" && Pseudo().Match(rest) is { Success: true } pseudo)
        {
            var time = DateTime.ParseExact(pseudo.Groups["time"].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            candidates.Add($"{release}-{time.AddSeconds(-1):yyyyMMddHHmmss}-{pseudo.Groups["commit"].Value}");
            candidates.Add($"{release}-{time.AddSeconds(1):yyyyMMddHHmmss}-{pseudo.Groups["commit"].Value}");
        }

        foreach (var candidate in candidates)
        {
            yield return candidate;
            if (ecosystem == "Go")
            {
                yield return "v" + candidate;
            }
        }

        if (ecosystem == "Go")
        {
            yield return "v" + version;
        }
    }

    [GeneratedRegex(@"^(?<release>\d{1,9}(?:\.\d{1,9})*)(?<rest>.*)$")]
    private static partial Regex Release();

    [GeneratedRegex(@"^-(?<time>\d{14})-(?<commit>[0-9a-f]{12})$")]
    private static partial Regex Pseudo();
}
