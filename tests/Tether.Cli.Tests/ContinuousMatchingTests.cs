using System.Text.Json;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

/// <summary>
/// The promise of continuous re-matching, as a user lives it: the demo's images run in two clusters; an SBOM of one
/// image is ingested; only then is a new advisory imported — and the finding appears on the running workloads, with
/// its trace and blast radius, without rescanning anything. A corrected advisory then resolves it, and both changes
/// are listed as events.
/// </summary>
public sealed class ContinuousMatchingTests : IDisposable
{
    private const string PaymentsDigest = "sha256:87e8b3b9d55f017a21acace182aead00b05ab9281dd83cb2c07f5a62d0610a10";
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task A_new_advisory_imported_after_the_image_produces_findings_on_running_workloads_and_a_correction_resolves_them()
    {
        var db = _dir.File("t.db");
        Assert.Equal(0, (await TetherProcess.RunAsync("demo", "--db", db)).ExitCode);
        var sbom = _dir.File("payments.cdx.json");
        await File.WriteAllTextAsync(sbom, """
            {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
             "metadata":{"component":{"type":"container","name":"acrcontoso.azurecr.io/payments-api"}},
             "components":[
              {"type":"library","name":"libssl3","version":"3.0.11-1~deb12u2","purl":"pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl"},
              {"type":"library","name":"lodash","version":"4.17.21","purl":"pkg:npm/lodash@4.17.21"}]}
            """);
        var ingest = await TetherProcess.RunAsync("ingest", "sbom", sbom, "--image", $"acrcontoso.azurecr.io/payments-api@{PaymentsDigest}", "--db", db, "-o", "json");
        Assert.Equal(0, ingest.ExitCode);
        using (var json = JsonDocument.Parse(ingest.Stdout))
        {
            // No advisories yet: nothing to find.
            Assert.Equal(0, json.RootElement.GetProperty("matching").GetProperty("new").GetInt32());
            Assert.Equal(2, json.RootElement.GetProperty("matching").GetProperty("packagesWithoutAdvisories").GetInt32());
        }

        var record = TestData.Shared("osv", "debian12-changelog", "DEBIAN-CVE-2026-28387.json");
        var import = await TetherProcess.RunAsync("db", "import", "osv", record, "--db", db);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("matched 1 package versions: 1 new findings, 0 resolved, 0 changed, 1 current", import.Stdout, StringComparison.Ordinal);

        var trace = await TetherProcess.RunAsync("trace", "CVE-2026-28387", "--db", db, "-o", "json");
        Assert.Equal(0, trace.ExitCode);
        using (var json = JsonDocument.Parse(trace.Stdout))
        {
            var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
            Assert.Equal(("libssl3", "3.0.19-1~deb12u2"), (finding.GetProperty("package").GetProperty("name").GetString(), finding.GetProperty("package").GetProperty("fixedVersion").GetString()));
            Assert.Equal("osv-match", finding.GetProperty("package").GetProperty("evidence").GetProperty("method").GetString());
            Assert.Equal(PaymentsDigest, finding.GetProperty("registry").GetProperty("digest").GetString());
            var blast = finding.GetProperty("blastRadius");
            Assert.Equal(51, blast.GetProperty("pods").GetInt32());
            Assert.Equal(2, blast.GetProperty("clusters").GetArrayLength());
        }

        // Exploitation signals move the priority: the CVE lands in KEV and gets a high EPSS score.
        var kev = _dir.File("kev.json");
        await File.WriteAllTextAsync(kev, """
            {"title":"CISA Catalog of Known Exploited Vulnerabilities","catalogVersion":"2026.11.22","dateReleased":"2026-11-22T12:00:00.000Z","count":1,
             "vulnerabilities":[{"cveID":"CVE-2026-28387","vendorProject":"OpenSSL","product":"OpenSSL","vulnerabilityName":"OpenSSL issue",
             "dateAdded":"2026-11-20","shortDescription":"…","requiredAction":"Apply updates per vendor instructions.","dueDate":"2026-12-11","knownRansomwareCampaignUse":"Unknown","notes":"","cwes":[]}]}
            """);
        var epss = _dir.File("epss.csv");
        await File.WriteAllTextAsync(epss, "#model_version:v2025.03.14,score_date:2026-11-22T00:00:00+0000\ncve,epss,percentile\nCVE-2026-28387,0.42,0.97\n");
        Assert.Equal(0, (await TetherProcess.RunAsync("db", "import", "kev", kev, "--db", db)).ExitCode);
        Assert.Equal(0, (await TetherProcess.RunAsync("db", "import", "epss", epss, "--db", db)).ExitCode);
        var signalled = await TetherProcess.RunAsync("trace", "CVE-2026-28387", "--db", db, "-o", "json");
        using (var json = JsonDocument.Parse(signalled.Stdout))
        {
            var factors = json.RootElement.GetProperty("findings")[0].GetProperty("priority").GetProperty("factors").EnumerateArray()
                .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("contribution").GetDouble());
            Assert.Equal(15, factors["known exploited"]);
            Assert.Equal(4.2, factors["exploit probability"]);
        }

        // The database corrects the record: the fix had landed before the installed version.
        var corrected = _dir.File("DEBIAN-CVE-2026-28387.json");
        var text = await File.ReadAllTextAsync(record);
        await File.WriteAllTextAsync(corrected, text
            .Replace("\"modified\": \"2026-11-22T00:00:00Z\"", "\"modified\": \"2026-11-23T00:00:00Z\"", StringComparison.Ordinal)
            .Replace("\"fixed\": \"3.0.19-1~deb12u2\"", "\"fixed\": \"3.0.11-1~deb12u1\"", StringComparison.Ordinal));
        var reimport = await TetherProcess.RunAsync("db", "import", "osv", corrected, "--db", db);
        Assert.Contains("1 updated", reimport.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 new findings, 1 resolved", reimport.Stdout, StringComparison.Ordinal);
        var after = await TetherProcess.RunAsync("trace", "CVE-2026-28387", "--db", db);
        Assert.Equal(0, after.ExitCode);
        Assert.Contains("No current findings", after.Stdout, StringComparison.Ordinal);

        var events = await TetherProcess.RunAsync("vuln", "events", "--since", "1h", "--db", db, "-o", "json");
        Assert.Equal(0, events.ExitCode);
        using var list = JsonDocument.Parse(events.Stdout);
        var changes = list.RootElement.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("change").GetString(), e.GetProperty("vulnerability").GetString(), e.GetProperty("package").GetString())).ToList();
        Assert.Equal([("new", "CVE-2026-28387", "Debian:12|libssl3|3.0.11-1~deb12u2"), ("resolved", "CVE-2026-28387", "Debian:12|libssl3|3.0.11-1~deb12u2")], changes);

        var rematch = await TetherProcess.RunAsync("vuln", "rematch", "--db", db, "-o", "json");
        using var summary = JsonDocument.Parse(rematch.Stdout);
        Assert.Equal((2, 0, 0), (summary.RootElement.GetProperty("packages").GetInt32(), summary.RootElement.GetProperty("new").GetInt32(), summary.RootElement.GetProperty("matches").GetInt32()));
    }

    public void Dispose() => _dir.Dispose();
}
