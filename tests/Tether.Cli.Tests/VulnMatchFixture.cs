using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

/// <summary>
/// One advisory database for the <c>tether vuln match</c> tests, imported once with the CLI from the real records:
/// the GitHub advisories (npm, PyPI, Maven, NuGet, Go, crates.io), the Alpine CVE-2018-5407 record and the Debian 12
/// records derived from changelogs; plus CISA's real KEV entry and FIRST's EPSS score of CVE-2021-44228.
/// </summary>
public sealed class VulnMatchFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public string Db => _dir.File("advisories.db");

    public string Folder => _dir.Path;

    public async Task InitializeAsync()
    {
        var osv = await TetherProcess.RunAsync(
            "db", "import", "osv", TestData.Shared("osv", "ghsa"), TestData.Shared("osv", "CVE-2018-5407.json"),
            TestData.Shared("osv", "debian12-changelog"), "--db", Db);
        Assert.True(osv.ExitCode == 0, osv.Stderr);

        var kev = _dir.File("kev.json");
        await File.WriteAllTextAsync(kev, """
            {"title":"CISA Catalog of Known Exploited Vulnerabilities","catalogVersion":"2024.01.10","dateReleased":"2024-01-10T17:00:39.3471Z","count":1,
             "vulnerabilities":[{"cveID":"CVE-2021-44228","vendorProject":"Apache","product":"Log4j2","vulnerabilityName":"Apache Log4j2 Remote Code Execution Vulnerability",
             "dateAdded":"2021-12-10","shortDescription":"…","requiredAction":"Apply updates per vendor instructions.","dueDate":"2021-12-24","knownRansomwareCampaignUse":"Known","notes":"","cwes":["CWE-20"]}]}
            """);
        Assert.Equal(0, (await TetherProcess.RunAsync("db", "import", "kev", kev, "--db", Db)).ExitCode);

        var epss = _dir.File("epss.csv");
        await File.WriteAllTextAsync(epss, "#model_version:v2023.03.01,score_date:2024-01-10T00:00:00+0000\ncve,epss,percentile\nCVE-2021-44228,0.97565,0.99996\n");
        Assert.Equal(0, (await TetherProcess.RunAsync("db", "import", "epss", epss, "--db", Db)).ExitCode);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
