using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tether.Core.Advisories;
using Tether.Core.Errors;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Tether.Vulnerabilities.Advisories.Import;
using Tether.Vulnerabilities.Advisories.Parse;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Advisories;

/// <summary><c>tether db import osv</c> over the real records: folders, zip exports, URLs, incremental runs, failures.</summary>
public sealed class OsvImportTests : IDisposable
{
    private static readonly DateTimeOffset Newest = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task A_folder_import_stores_every_real_record_and_the_status_counts_them()
    {
        await using var store = await OpenAsync();

        var result = await new OsvImporter(store, time: _clock).ImportAsync([OsvFixtures.Folder]);

        var source = Assert.Single(result.Sources);
        Assert.Equal((OsvFixtures.Folder, "folder", 284L, 284L, 0L, 0L, false), (source.Source, source.Kind, source.Documents, source.Records, source.Warnings, source.SkippedByIndex, source.IndexUsed));
        Assert.Equal(0, result.WarningCount);
        Assert.Equal((282L, 0L, 2L, 0L), (result.Import.Created, result.Import.Updated, result.Import.Withdrawn, result.Import.Unchanged));
        Assert.Equal(OsvFixtures.AllFiles().Sum(f => new FileInfo(f).Length), result.BytesRead);

        var status = await store.GetStatusAsync();
        Assert.Equal((282L, 2L, (DateTimeOffset?)Newest), (status.Advisories, status.Withdrawn, status.NewestModified));
        Assert.Equal(
            [
                "Alpine 1 6 2024-05-29T23:34:56", "Debian 246 248 2026-11-22T00:00:00", "Go 5 6 2024-05-20T16:03:47",
                "Maven 7 23 2024-03-15T00:14:44", "NuGet 3 7 2024-07-10T16:09:24", "OSS-Fuzz 1 1 2021-01-01T00:00:00",
                "PyPI 8 11 2024-07-03T20:05:21", "Ubuntu 1 1 2025-07-04T00:00:00", "crates.io 3 4 2023-12-19T20:35:35",
                "npm 8 14 2024-03-25T22:24:57",
            ],
            status.Ecosystems.Select(e => $"{e.Ecosystem} {e.Advisories} {e.AffectedEntries} {e.NewestModified:yyyy-MM-ddTHH:mm:ss}").Order(StringComparer.Ordinal));
        Assert.Equal(OsvFixtures.Folder, status.LastOsvImport!.Source);
        Assert.Equal(_clock.GetUtcNow(), status.LastOsvImport.FinishedAt);

        var gzip = await store.GetAffectedAsync("Debian:12", "gzip");
        Assert.Equal(7, gzip.Count);
        var first = gzip[0];
        Assert.Equal(("DEBIAN-CVE-2006-4334", "CVE-2006-4334"), (first.AdvisoryId, first.VulnerabilityId));
        Assert.Equal("1.3.5-15", first.Package.Ranges[0].Events[1].Version);
        Assert.Equal("GHSA-3f63-hfp8-52jq", Assert.Single(await store.GetAffectedAsync("PyPI", "pillow")).AdvisoryId);
        Assert.Equal(3, (await store.GetAffectedAsync("Maven", "org.apache.logging.log4j:log4j-core")).Count(e => e.AdvisoryId == "GHSA-jfh8-c2jp-5v3q"));
        var gitOnly = Assert.Single(await store.GetAffectedAsync("OSS-Fuzz", "file"));
        Assert.False(Assert.Single(gitOnly.Package.Ranges).UsedForMatching);
        var stored = await store.GetAdvisoryAsync("RHSA-2022:0216");
        Assert.Equal(File.ReadAllText(OsvFixtures.File("RHSA-2022_0216.json")), stored!.Record);
    }

    [Fact]
    public async Task A_zip_export_is_streamed_and_its_bomb_and_truncated_entries_are_named_warnings()
    {
        var zip = _dir.File("all.zip");
        var go = OsvFixtures.Bytes("GO-2020-0001.json");
        var bomb = Encoding.ASCII.GetBytes("{\"id\":\"BOMB-1\",\"pad\":\"" + new string(' ', 8 * 1024 * 1024) + "\"}");
        OsvFixtures.WriteZip(zip,
        [
            .. OsvFixtures.RecordEntries(),
            ("bomb.json", bomb),
            ("truncated.json", go[..(go.Length / 2)]),
            // Entry names reach the terminal in warnings: escape sequences are neutralized.
            ("evil\u001b[2J.json", [0x7b]),
            ("README.txt", Encoding.ASCII.GetBytes("not a record")),
            // Nothing is unpacked, so a hostile path is only a name in messages.
            ("../../outside/GHSA-path-trav-ersl.json", Renamed(go, "GHSA-path-trav-ersl")),
        ]);
        Assert.True(new FileInfo(zip).Length < 2 * 1024 * 1024);
        await using var store = await OpenAsync();
        var limits = new OsvLimits { MaxDocumentBytes = 1024 * 1024 };

        var result = await new OsvImporter(store, new AdvisoryImportOptions { Limits = limits, BatchSize = 50 }, _clock).ImportAsync([zip]);

        var source = Assert.Single(result.Sources);
        Assert.Equal(("zip", 288L, 285L, 3L), (source.Kind, source.Documents, source.Records, source.Warnings));
        Assert.Equal(3, result.WarningCount);
        Assert.Equal((zip + "!bomb.json", (string?)null, (string?)null), (result.Warnings[0].Source, result.Warnings[0].Id, result.Warnings[0].Field));
        Assert.Contains("over the 1048576-byte limit", result.Warnings[0].Message, StringComparison.Ordinal);
        Assert.Equal(zip + "!truncated.json", result.Warnings[1].Source);
        Assert.Null(result.Warnings[1].Id);
        Assert.Contains("is not valid JSON", result.Warnings[1].Message, StringComparison.Ordinal);
        Assert.Equal(zip + "!evil?[2J.json", result.Warnings[2].Source);
        // The bomb was read up to its cap, not inflated whole.
        Assert.True(result.BytesRead < OsvFixtures.AllFiles().Sum(f => new FileInfo(f).Length) + limits.MaxDocumentBytes + 2 * go.Length + 100);
        Assert.NotNull(await store.GetAdvisoryAsync("GHSA-path-trav-ersl"));
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "..", "outside")));
        Assert.Equal(283L, (await store.GetStatusAsync()).Advisories);
    }

    [Fact]
    public async Task An_archive_inflating_past_the_import_budget_fails_and_stores_nothing()
    {
        var zip = _dir.File("all.zip");
        OsvFixtures.WriteZip(zip, OsvFixtures.RecordEntries());
        await using var store = await OpenAsync();
        var options = new AdvisoryImportOptions { Limits = new OsvLimits { MaxTotalBytes = 200_000 }, BatchSize = 20 };

        var error = await Assert.ThrowsAsync<InputException>(() => new OsvImporter(store, options, _clock).ImportAsync([zip]));

        Assert.Contains("more than 200000 bytes", error.Message, StringComparison.Ordinal);
        var status = await store.GetStatusAsync();
        Assert.Equal((0L, 0L), (status.Advisories, status.Withdrawn));
        Assert.Null(status.LastOsvImport);
    }

    [Fact]
    public async Task Too_many_entries_or_a_cut_archive_fail_before_anything_is_stored()
    {
        var zip = _dir.File("all.zip");
        OsvFixtures.WriteZip(zip, OsvFixtures.RecordEntries());
        await using var store = await OpenAsync();

        var many = await Assert.ThrowsAsync<InputException>(() =>
            new OsvImporter(store, new AdvisoryImportOptions { Limits = new OsvLimits { MaxZipEntries = 100 } }).ImportAsync([zip]));
        Assert.Equal($"{zip}: has 284 entries, over the limit of 100.", many.Message);

        var cut = _dir.File("cut.zip");
        var bytes = await File.ReadAllBytesAsync(zip);
        await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length - 200)]);
        var broken = await Assert.ThrowsAsync<InputException>(() => new OsvImporter(store).ImportAsync([cut]));
        Assert.StartsWith($"{cut}: is not a readable zip archive", broken.Message, StringComparison.Ordinal);
        Assert.Null((await store.GetStatusAsync()).LastOsvImport);
    }

    [Fact]
    public async Task A_named_file_that_is_not_JSON_fails_the_whole_import()
    {
        var bad = _dir.File("bad.json");
        await File.WriteAllTextAsync(bad, "<html>rate limited</html>");
        await using var store = await OpenAsync();

        var error = await Assert.ThrowsAsync<InputException>(() =>
            new OsvImporter(store).ImportAsync([OsvFixtures.File("GO-2020-0001.json"), bad]));

        Assert.Equal(bad, error.Source);
        Assert.Contains("is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAdvisoryAsync("GO-2020-0001"));
        var missing = await Assert.ThrowsAsync<InputException>(() => new OsvImporter(store).ImportAsync([_dir.File("nope.json")]));
        Assert.EndsWith("nope.json: does not exist.", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_of_only_malformed_records_is_bad_input_not_an_empty_success()
    {
        var folder = Directory.CreateDirectory(_dir.File("bad")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "A.json"), """{"id":"A"}""");
        await using var store = await OpenAsync();

        var error = await Assert.ThrowsAsync<InputException>(() => new OsvImporter(store).ImportAsync([folder]));

        Assert.Contains("holds no valid OSV record (1 skipped; first: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("(A): modified: is required.", error.Message, StringComparison.Ordinal);
        Assert.Null((await store.GetStatusAsync()).LastOsvImport);
    }

    [Fact]
    public async Task Reimporting_unchanged_records_writes_nothing_and_a_bumped_modified_updates_one()
    {
        var folder = CopyFixtures();
        await using var store = await OpenAsync();
        var importer = new OsvImporter(store, time: _clock);
        await importer.ImportAsync([folder]);

        _clock.Advance(TimeSpan.FromHours(1));
        var again = await importer.ImportAsync([folder]);
        Assert.Equal((0L, 284L), (again.Import.Written, again.Import.Unchanged));
        Assert.Empty(await ToListAsync(store.ListChangesInImportAsync(again.Import.Id)));

        var go = Path.Combine(folder, "GO-2020-0001.json");
        await File.WriteAllTextAsync(go, (await File.ReadAllTextAsync(go)).Replace("2024-05-20T16:03:47Z", "2025-01-02T03:04:05Z", StringComparison.Ordinal));
        _clock.Advance(TimeSpan.FromHours(1));
        var since = _clock.GetUtcNow();
        var bumped = await importer.ImportAsync([folder]);
        Assert.Equal((0L, 1L, 283L), (bumped.Import.Created, bumped.Import.Updated, bumped.Import.Unchanged));
        var change = Assert.Single(await ToListAsync(store.ListChangesSinceAsync(since)));
        Assert.Equal("GO-2020-0001", change.AdvisoryId);
        Assert.Equal([new PackageKey("Go", "github.com/gin-gonic/gin")], change.Packages);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), (await store.GetAdvisoryAsync("GO-2020-0001"))!.Modified);
    }

    [Fact]
    public async Task With_a_modified_id_index_only_changed_records_are_read()
    {
        var zip = _dir.File("all.zip");
        OsvFixtures.WriteZip(zip, OsvFixtures.RecordEntries());
        await using var store = await OpenAsync();
        var importer = new OsvImporter(store, time: _clock);
        await importer.ImportAsync([zip]);

        // The next export: GO-2020-0001 changed, and the index beside the archive says so.
        var bumped = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(OsvFixtures.Bytes("GO-2020-0001.json")).Replace("2024-05-20T16:03:47Z", "2025-01-02T03:04:05Z", StringComparison.Ordinal));
        OsvFixtures.WriteZip(zip, OsvFixtures.RecordEntries().Select(e => e.Name == "GO-2020-0001.json" ? (e.Name, bumped) : e));
        var index = OsvFixtures.AllFiles()
            .Select(file => OsvFixtures.Parse(Path.GetRelativePath(OsvFixtures.Folder, file).Split(Path.DirectorySeparatorChar)))
            .Select(a => a.Id == "GO-2020-0001" ? "2025-01-02T03:04:05Z,Go/GO-2020-0001" : $"{a.Modified:yyyy-MM-ddTHH:mm:ssZ},{a.Id}");
        await File.WriteAllLinesAsync(_dir.File("modified_id.csv"), index);

        var result = await importer.ImportAsync([zip]);

        var source = Assert.Single(result.Sources);
        Assert.True(source.IndexUsed);
        // Read: the changed record, and the three whose file names are not their ids (RHSA-2022_0216 is RHSA-2022:0216…).
        Assert.Equal((4L, 280L), (source.Documents, source.SkippedByIndex));
        Assert.Equal((1L, 3L), (result.Import.Updated, result.Import.Unchanged));
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), (await store.GetAdvisoryAsync("GO-2020-0001"))!.Modified);
    }

    [Fact]
    public async Task A_broken_index_is_ignored_with_a_warning_and_everything_is_read()
    {
        var folder = CopyFixtures();
        await File.WriteAllTextAsync(Path.Combine(folder, "modified_id.csv"), "2024-01-01T00:00:00Z,GO-2020-0001\nnot a line\n");
        await using var store = await OpenAsync();

        var result = await new OsvImporter(store).ImportAsync([folder]);

        var warning = Assert.Single(result.Warnings);
        Assert.Equal(($"{folder} (modified_id.csv)", "line 2"), (warning.Source, warning.Field));
        Assert.StartsWith("ignored, every record is read", warning.Message, StringComparison.Ordinal);
        Assert.Equal((284L, false), (result.Sources[0].Documents, result.Sources[0].IndexUsed));
    }

    [Fact]
    public async Task A_withdrawn_record_removes_the_advisory_from_matching()
    {
        await using var store = await OpenAsync();
        var importer = new OsvImporter(store, time: _clock);
        var withdrawn = JsonNode.Parse(OsvFixtures.Bytes("withdrawn.osv.json"))!;
        withdrawn.AsObject().Remove("withdrawn");
        withdrawn["modified"] = "2018-09-17T21:57:23Z";
        var live = _dir.File("GHSA-35c4-f3rq-f9g3.json");
        await File.WriteAllTextAsync(live, withdrawn.ToJsonString());
        await importer.ImportAsync([live]);
        Assert.Single(await store.GetAffectedAsync("RubyGems", "activesupport"));
        Assert.Equal("GHSA-35c4-f3rq-f9g3", Assert.Single(await store.FindAdvisoriesAsync("CVE-2015-3227")).Id);

        var result = await importer.ImportAsync([OsvFixtures.File("withdrawn.osv.json")]);

        Assert.Equal(1, result.Import.Withdrawn);
        Assert.Empty(await store.GetAffectedAsync("RubyGems", "activesupport"));
        Assert.Empty(await store.FindAdvisoriesAsync("CVE-2015-3227"));
        var tombstone = await store.GetAdvisoryAsync("GHSA-35c4-f3rq-f9g3");
        Assert.Equal(new DateTimeOffset(2018, 10, 11, 17, 29, 49, TimeSpan.Zero), tombstone!.Withdrawn);
        Assert.Equal((0L, 1L), ((await store.GetStatusAsync()).Advisories, (await store.GetStatusAsync()).Withdrawn));
    }

    [Fact]
    public async Task Records_of_one_vulnerability_from_different_databases_are_grouped()
    {
        // GitHub's own record of GO-2020-0001's vulnerability, and the Debian tracker's record of DSA-3029-1's CVE,
        // written from real records of those databases with the ids changed.
        var ghsa = Renamed(OsvFixtures.Bytes("ghsa", "GHSA-72xf-g2v4-qvf3.json"), "GHSA-6vm3-jj99-7229", ["CVE-2020-36567"]);
        var debian = Renamed(OsvFixtures.Bytes("debian12-changelog", "DEBIAN-CVE-2006-4334.json"), "DEBIAN-CVE-2014-3616", ["CVE-2014-3616"]);
        var folder = Directory.CreateDirectory(_dir.File("grouped")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(folder, "GHSA-6vm3-jj99-7229.json"), ghsa);
        await File.WriteAllBytesAsync(Path.Combine(folder, "DEBIAN-CVE-2014-3616.json"), debian);
        await using var store = await OpenAsync();

        await new OsvImporter(store).ImportAsync(
            [OsvFixtures.File("GO-2020-0001.json"), OsvFixtures.File("DSA-3029-1.json"), OsvFixtures.File("UBUNTU-CVE-2025-38094.json"), folder]);

        var gin = await store.GetVulnerabilityAsync("GHSA-6vm3-jj99-7229");
        Assert.Equal("CVE-2020-36567", gin!.Id);
        Assert.Equal(["CVE-2020-36567", "GHSA-6vm3-jj99-7229", "GO-2020-0001"], gin.Ids);
        Assert.Equal(["GHSA-6vm3-jj99-7229", "GO-2020-0001"], (await store.FindAdvisoriesAsync("CVE-2020-36567")).Select(a => a.Id));
        Assert.Equal(["DEBIAN-CVE-2014-3616", "DSA-3029-1"], (await store.FindAdvisoriesAsync("DSA-3029-1")).Select(a => a.Id));
        Assert.Equal("CVE-2014-3616", Assert.Single(await store.GetAffectedAsync("Debian:7", "nginx")).VulnerabilityId);
        var ubuntu = Assert.Single(await store.GetAffectedAsync("Ubuntu:Pro:14.04:LTS", "linux"));
        Assert.Equal(("UBUNTU-CVE-2025-38094", "CVE-2025-38094"), (ubuntu.AdvisoryId, ubuntu.VulnerabilityId));
        Assert.Equal(3, (await store.GetStatusAsync()).Vulnerabilities);
    }

    [Fact]
    public async Task An_http_export_on_loopback_is_downloaded_and_imported()
    {
        var zip = _dir.File("all.zip");
        OsvFixtures.WriteZip(zip, OsvFixtures.RecordEntries());
        var bytes = await File.ReadAllBytesAsync(zip);
        await using var app = LoopbackServer.Create();
        app.MapGet("/PyPI/all.zip", () => Results.Bytes(bytes, "application/zip"));
        var server = await LoopbackServer.StartAsync(app);
        await using var store = await OpenAsync();
        var importer = new OsvImporter(store, time: _clock);

        var result = await importer.ImportAsync([new Uri(server, "/PyPI/all.zip?token=secret").ToString()]);

        Assert.Equal((284L, "zip"), (result.Sources[0].Records, result.Sources[0].Kind));
        Assert.Equal(new Uri(server, "/PyPI/all.zip").ToString(), result.Import.Source);
        var missing = await Assert.ThrowsAsync<HttpRequestException>(() => importer.ImportAsync([new Uri(server, "/none/all.zip").ToString()]));
        Assert.Contains("HTTP 404", missing.Message, StringComparison.Ordinal);
        var tooBig = await Assert.ThrowsAsync<InputException>(() =>
            new OsvImporter(store, new AdvisoryImportOptions { Limits = new OsvLimits { MaxDownloadBytes = 1000 } }).ImportAsync([new Uri(server, "/PyPI/all.zip").ToString()]));
        Assert.Contains("1000-byte download limit", tooBig.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_elsewhere_than_loopback_is_refused_without_connecting()
    {
        await using var store = await OpenAsync();
        var error = await Assert.ThrowsAsync<InputException>(() => new OsvImporter(store).ImportAsync(["http://osv-vulnerabilities.example/PyPI/all.zip"]));
        Assert.Equal("http://osv-vulnerabilities.example/PyPI/all.zip: plain http is allowed only for loopback addresses; use https.", error.Message);
    }

    [Fact]
    public async Task Progress_is_reported_per_batch_and_a_cancelled_import_stores_nothing()
    {
        await using var store = await OpenAsync();
        var reports = new List<OsvImportProgress>();
        var progress = new SynchronousProgress(reports.Add);
        await new OsvImporter(store, new AdvisoryImportOptions { BatchSize = 100 }).ImportAsync([OsvFixtures.Folder], progress);
        Assert.Equal([100L, 200L, 284L], reports.Select(r => r.Done));
        Assert.All(reports, r => Assert.Equal(284, r.Total));
        Assert.Equal(282 + 2, reports[^1].Written);

        await using var fresh = await OpenAsync();
        using var cancel = new CancellationTokenSource();
        var cancelling = new SynchronousProgress(_ => cancel.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new OsvImporter(fresh, new AdvisoryImportOptions { BatchSize = 50 }).ImportAsync([OsvFixtures.Folder], cancelling, cancel.Token));
        var status = await fresh.GetStatusAsync();
        Assert.Equal((0L, (AdvisoryImportRecord?)null), (status.Advisories, status.LastOsvImport));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private Task<IAdvisoryStore> OpenAsync() => SqliteAdvisoryStore.OpenAsync(_dir.File($"tether-{Guid.NewGuid():N}.db"), _clock);

    private string CopyFixtures()
    {
        var folder = _dir.File("osv");
        foreach (var file in OsvFixtures.AllFiles())
        {
            var target = Path.Combine(folder, Path.GetRelativePath(OsvFixtures.Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return folder;
    }

    private static byte[] Renamed(byte[] record, string id, string[]? aliases = null)
    {
        var node = JsonNode.Parse(record)!;
        node["id"] = id;
        if (aliases is not null)
        {
            node["aliases"] = new JsonArray([.. aliases.Select(a => (JsonNode)a)]);
        }

        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary><see cref="Progress{T}"/> posts to the thread pool; tests need the report before the next batch.</summary>
    private sealed class SynchronousProgress(Action<OsvImportProgress> report) : IProgress<OsvImportProgress>
    {
        public void Report(OsvImportProgress value) => report(value);
    }
}
