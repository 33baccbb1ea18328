using System.IO.Compression;
using System.Text;
using Tether.Core.Advisories;
using Tether.Core.Errors;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Tether.Vulnerabilities.Advisories.Import;
using Tether.Vulnerabilities.Advisories.Parse;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Advisories;

/// <summary>KEV and EPSS in the formats CISA and FIRST publish, parsed, imported and looked up by CVE.</summary>
public sealed class FeedImportTests : IDisposable
{
    // Written as CISA writes known_exploited_vulnerabilities.json (escaped slashes included).
    private const string Kev = """
        {
            "title": "CISA Catalog of Known Exploited Vulnerabilities",
            "catalogVersion": "2024.01.10",
            "dateReleased": "2024-01-10T17:00:39.3471Z",
            "count": 2,
            "vulnerabilities": [
                {
                    "cveID": "CVE-2021-44228",
                    "vendorProject": "Apache",
                    "product": "Log4j2",
                    "vulnerabilityName": "Apache Log4j2 Remote Code Execution Vulnerability",
                    "dateAdded": "2021-12-10",
                    "shortDescription": "Apache Log4j2 contains a vulnerability where JNDI features do not protect against attacker-controlled JNDI-related endpoints, allowing for remote code execution.",
                    "requiredAction": "For all affected software assets for which updates exist, the only acceptable remediation actions are: 1) Apply updates; OR 2) remove affected assets from agency networks.",
                    "dueDate": "2021-12-24",
                    "knownRansomwareCampaignUse": "Known",
                    "notes": "https:\/\/nvd.nist.gov\/vuln\/detail\/CVE-2021-44228",
                    "cwes": [
                        "CWE-20",
                        "CWE-400",
                        "CWE-502"
                    ]
                },
                {
                    "cveID": "CVE-2023-44487",
                    "vendorProject": "IETF",
                    "product": "HTTP\/2",
                    "vulnerabilityName": "HTTP\/2 Rapid Reset Attack Vulnerability",
                    "dateAdded": "2023-10-10",
                    "shortDescription": "HTTP\/2 contains a rapid stream reset vulnerability that allows for a distributed denial-of-service attack (DDoS).",
                    "requiredAction": "Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.",
                    "dueDate": "2023-10-31",
                    "knownRansomwareCampaignUse": "Unknown",
                    "notes": "",
                    "cwes": [
                        "CWE-400"
                    ]
                }
            ]
        }
        """;

    // Written as FIRST writes epss_scores-YYYY-MM-DD.csv.
    private const string Epss = """
        #model_version:v2023.03.01,score_date:2024-01-10T00:00:00+0000
        cve,epss,percentile
        CVE-1999-0001,0.01141,0.83185
        CVE-2021-44228,0.97565,0.99996
        CVE-2023-44487,0.52778,0.97491

        """;

    private readonly TempDirectory _dir = new();

    [Fact]
    public void A_KEV_catalog_is_parsed_field_by_field()
    {
        var catalog = KevCatalogParser.Parse(Encoding.UTF8.GetBytes(Kev), "kev.json");

        Assert.Equal("CISA Catalog of Known Exploited Vulnerabilities", catalog.Title);
        Assert.Equal("2024.01.10", catalog.CatalogVersion);
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 17, 0, 39, TimeSpan.Zero).AddTicks(3_471_000), catalog.DateReleased);
        Assert.Equal(2, catalog.Vulnerabilities.Count);
        var log4shell = catalog.Vulnerabilities[0];
        Assert.Equal(("CVE-2021-44228", new DateOnly(2021, 12, 10), (DateOnly?)new DateOnly(2021, 12, 24)), (log4shell.CveId, log4shell.DateAdded, log4shell.DueDate));
        Assert.Equal(("Apache", "Log4j2", "Known"), (log4shell.VendorProject, log4shell.Product, log4shell.KnownRansomwareCampaignUse));
        Assert.Equal("https://nvd.nist.gov/vuln/detail/CVE-2021-44228", log4shell.Notes);
        Assert.Equal(["CWE-20", "CWE-400", "CWE-502"], log4shell.Cwes);
        var rapidReset = catalog.Vulnerabilities[1];
        Assert.Equal(("HTTP/2", "Unknown", (string?)null), (rapidReset.Product, rapidReset.KnownRansomwareCampaignUse, rapidReset.Notes));
    }

    [Theory]
    [InlineData("\"cveID\": \"CVE-2023-44487\"", "\"cveID\": \"CVE-23-1\"", "vulnerabilities[1].cveID")]
    [InlineData("\"dateAdded\": \"2023-10-10\"", "\"dateAdded\": \"10/10/2023\"", "vulnerabilities[1].dateAdded")]
    [InlineData("\"dateAdded\": \"2023-10-10\",", "", "vulnerabilities[1].dateAdded")]
    [InlineData("\"knownRansomwareCampaignUse\": \"Unknown\"", "\"knownRansomwareCampaignUse\": false", "vulnerabilities[1].knownRansomwareCampaignUse")]
    [InlineData("\"vulnerabilities\": [", "\"entries\": [", "vulnerabilities")]
    public void A_malformed_KEV_entry_rejects_the_catalog_naming_the_field(string find, string replace, string field)
    {
        var text = Kev.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Kev, text);

        var error = Assert.Throws<InputException>(() => KevCatalogParser.Parse(Encoding.UTF8.GetBytes(text), "kev.json"));

        Assert.Equal(("kev.json", field), (error.Source, error.Field));
    }

    [Fact]
    public void An_EPSS_file_is_parsed_with_its_model_version_and_score_date()
    {
        var snapshot = EpssCsvParser.Parse(Encoding.UTF8.GetBytes(Epss), "epss.csv");

        Assert.Equal("v2023.03.01", snapshot.ModelVersion);
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 0, 0, 0, TimeSpan.Zero), snapshot.ScoreDate);
        Assert.Equal(
            [new EpssScore("CVE-1999-0001", 0.01141, 0.83185), new EpssScore("CVE-2021-44228", 0.97565, 0.99996), new EpssScore("CVE-2023-44487", 0.52778, 0.97491)],
            snapshot.Scores);
    }

    [Theory]
    [InlineData("CVE-2021-44228,0.97565,0.99996", "CVE-2021-44228,1.5,0.99996", "line 4, epss")]
    [InlineData("CVE-2021-44228,0.97565,0.99996", "CVE-2021-44228,0.97565", "line 4")]
    [InlineData("CVE-2021-44228,0.97565,0.99996", "GHSA-1,0.97565,0.99996", "line 4, cve")]
    [InlineData("cve,epss,percentile", "id,score", "line 2")]
    [InlineData("score_date:2024-01-10T00:00:00+0000", "score_date:yesterday", "line 1, score_date")]
    public void A_malformed_EPSS_line_rejects_the_file_naming_the_line(string find, string replace, string field)
    {
        var error = Assert.Throws<InputException>(() => EpssCsvParser.Parse(Encoding.UTF8.GetBytes(Epss.Replace(find, replace, StringComparison.Ordinal)), "epss.csv"));
        Assert.Equal(("epss.csv", field), (error.Source, error.Field));
    }

    [Fact]
    public async Task KEV_and_gzipped_EPSS_files_are_imported_and_found_by_CVE()
    {
        var kev = _dir.File("known_exploited_vulnerabilities.json");
        await File.WriteAllTextAsync(kev, Kev);
        var epss = _dir.File("epss_scores-2024-01-10.csv.gz");
        await using (var file = File.Create(epss))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(Epss));
        }

        await using var store = await SqliteAdvisoryStore.OpenAsync(_dir.File("tether.db"), new ManualClock());
        var importer = new FeedImporter(store);

        var kevImport = await importer.ImportKevAsync(kev);
        var epssImport = await importer.ImportEpssAsync(epss);

        Assert.Equal((2L, "2024.01.10", kev), (kevImport.Records, kevImport.FeedVersion, kevImport.Source));
        Assert.Equal((3L, "v2023.03.01", (DateTimeOffset?)new DateTimeOffset(2024, 1, 10, 0, 0, 0, TimeSpan.Zero)), (epssImport.Records, epssImport.FeedVersion, epssImport.FeedDate));
        var found = await store.GetKevAsync(["CVE-2021-44228", "CVE-2020-36567"]);
        Assert.Equal(new DateOnly(2021, 12, 24), Assert.Single(found).Value.DueDate);
        Assert.Equal(0.97565, (await store.GetEpssAsync(["CVE-2021-44228"]))["CVE-2021-44228"].Epss);
        var status = await store.GetStatusAsync();
        Assert.Equal((2L, 3L), (status.KevEntries, status.EpssScores));
    }

    [Fact]
    public async Task A_bad_feed_file_stores_nothing_and_a_gzip_bomb_is_stopped_at_the_limit()
    {
        await using var store = await SqliteAdvisoryStore.OpenAsync(_dir.File("tether.db"), new ManualClock());
        var importer = new FeedImporter(store, new AdvisoryImportOptions { Limits = new OsvLimits { MaxFeedBytes = 1024 * 1024 } });
        var notKev = _dir.File("kev.json");
        await File.WriteAllTextAsync(notKev, """{"title":"something else"}""");
        var bomb = _dir.File("epss.csv.gz");
        await using (var file = File.Create(bomb))
        await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        {
            await gzip.WriteAsync(new byte[16 * 1024 * 1024]);
        }

        var kevError = await Assert.ThrowsAsync<InputException>(() => importer.ImportKevAsync(notKev));
        var epssError = await Assert.ThrowsAsync<InputException>(() => importer.ImportEpssAsync(bomb));

        Assert.Equal((notKev, "vulnerabilities"), (kevError.Source, kevError.Field));
        Assert.Equal(bomb, epssError.Source);
        Assert.True(new FileInfo(bomb).Length < 100_000);
        var status = await store.GetStatusAsync();
        Assert.Equal((0L, 0L, (AdvisoryImportRecord?)null), (status.KevEntries, status.EpssScores, status.LastKevImport));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
