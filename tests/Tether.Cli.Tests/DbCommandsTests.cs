using System.Text.Json;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

/// <summary><c>tether db import</c> and <c>tether db status</c> as a user runs them, over the real OSV records.</summary>
public sealed class DbCommandsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Importing_the_real_records_then_status_reports_them_as_json()
    {
        var db = _dir.File("t.db");
        var kev = _dir.File("kev.json");
        await File.WriteAllTextAsync(kev, """
            {"title":"CISA Catalog of Known Exploited Vulnerabilities","catalogVersion":"2024.01.10","dateReleased":"2024-01-10T17:00:39.3471Z","count":1,
             "vulnerabilities":[{"cveID":"CVE-2021-44228","vendorProject":"Apache","product":"Log4j2","vulnerabilityName":"Apache Log4j2 Remote Code Execution Vulnerability",
             "dateAdded":"2021-12-10","shortDescription":"…","requiredAction":"Apply updates per vendor instructions.","dueDate":"2021-12-24","knownRansomwareCampaignUse":"Known","notes":"","cwes":["CWE-20"]}]}
            """);
        var epss = _dir.File("epss.csv");
        await File.WriteAllTextAsync(epss, "#model_version:v2023.03.01,score_date:2024-01-10T00:00:00+0000\ncve,epss,percentile\nCVE-2021-44228,0.97565,0.99996\n");

        var import = await TetherProcess.RunAsync("db", "import", "osv", TestData.Shared("osv"), "--db", db, "-o", "json");
        Assert.Equal(0, import.ExitCode);
        using (var json = JsonDocument.Parse(import.Stdout))
        {
            var record = json.RootElement.GetProperty("import");
            Assert.Equal((282, 2, 0), (record.GetProperty("created").GetInt32(), record.GetProperty("withdrawn").GetInt32(), record.GetProperty("warnings").GetInt32()));
            Assert.Equal(284, json.RootElement.GetProperty("sources")[0].GetProperty("records").GetInt32());
        }

        Assert.Equal(0, (await TetherProcess.RunAsync("db", "import", "kev", kev, "--db", db)).ExitCode);
        var epssImport = await TetherProcess.RunAsync("db", "import", "epss", epss, "--db", db);
        Assert.Equal(0, epssImport.ExitCode);
        Assert.Equal($"stored 1 epss entries from {epss} (version v2023.03.01, dated 2024-01-10)", epssImport.Stdout.Trim());

        var status = await TetherProcess.RunAsync("db", "status", "--db", db, "-o", "json");
        Assert.Equal(0, status.ExitCode);
        using var document = JsonDocument.Parse(status.Stdout);
        var root = document.RootElement;
        Assert.Equal(db, root.GetProperty("store").GetString());
        Assert.Equal((282, 2), (root.GetProperty("advisories").GetInt32(), root.GetProperty("withdrawn").GetInt32()));
        Assert.Equal("2026-11-22T00:00:00+00:00", root.GetProperty("newestModified").GetString());
        var debian = root.GetProperty("ecosystems").EnumerateArray().Single(e => e.GetProperty("ecosystem").GetString() == "Debian");
        Assert.Equal((246, 248), (debian.GetProperty("advisories").GetInt32(), debian.GetProperty("affectedEntries").GetInt32()));
        Assert.Equal(10, root.GetProperty("ecosystems").GetArrayLength());
        Assert.Equal(TestData.Shared("osv"), root.GetProperty("lastImport").GetProperty("source").GetString());
        Assert.Equal(("2024.01.10", 1), (root.GetProperty("kev").GetProperty("catalogVersion").GetString(), root.GetProperty("kev").GetProperty("entries").GetInt32()));
        Assert.Equal(("v2023.03.01", "2024-01-10T00:00:00+00:00"), (root.GetProperty("epss").GetProperty("modelVersion").GetString(), root.GetProperty("epss").GetProperty("scoreDate").GetString()));
    }

    [Fact]
    public async Task Bad_input_exits_2_and_stores_nothing()
    {
        var db = _dir.File("t.db");
        var bad = _dir.File("page.json");
        await File.WriteAllTextAsync(bad, "<html>Too Many Requests</html>");

        var result = await TetherProcess.RunAsync("db", "import", "osv", TestData.Shared("osv", "GO-2020-0001.json"), bad, "--db", db);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {bad}: ", result.Stderr, StringComparison.Ordinal);
        var status = await TetherProcess.RunAsync("db", "status", "--db", db, "-o", "json");
        using var json = JsonDocument.Parse(status.Stdout);
        Assert.Equal(0, json.RootElement.GetProperty("advisories").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("lastImport").ValueKind);
    }

    [Fact]
    public async Task Malformed_records_are_warnings_on_stderr_and_the_rest_is_stored()
    {
        var folder = Directory.CreateDirectory(_dir.File("osv")).FullName;
        File.Copy(TestData.Shared("osv", "GO-2020-0001.json"), Path.Combine(folder, "GO-2020-0001.json"));
        await File.WriteAllTextAsync(Path.Combine(folder, "GHSA-bad.json"), """{"id":"GHSA-bad","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm"}}]}""");

        var result = await TetherProcess.RunAsync("db", "import", "osv", folder, "--db", _dir.File("t.db"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("import #1: 1 created, 0 updated, 0 withdrawn, 0 unchanged, 1 malformed skipped", result.Stdout, StringComparison.Ordinal);
        Assert.Equal($"warning: {Path.Combine(folder, "GHSA-bad.json")} (GHSA-bad): affected[0].package.name: is required.", result.Stderr.Trim());
    }

    public void Dispose() => _dir.Dispose();
}
