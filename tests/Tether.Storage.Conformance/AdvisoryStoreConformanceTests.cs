using Tether.Core.Advisories;
using Tether.Testing;
using Xunit;

namespace Tether.Storage.Conformance;

/// <summary>
/// What every <see cref="IAdvisoryStore"/> backend must do. A backend's test project derives from this class
/// and supplies a fresh, empty store; the same assertions then hold for SQLite and PostgreSQL.
/// </summary>
public abstract class AdvisoryStoreConformanceTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A new, empty, initialized store whose clock is <paramref name="time"/>.</summary>
    protected abstract Task<IAdvisoryStore> CreateStoreAsync(TimeProvider time);

    [Fact]
    public async Task Initialize_is_idempotent_and_an_empty_store_reports_nothing()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        await store.InitializeAsync();
        await store.InitializeAsync();
        var status = await store.GetStatusAsync();
        Assert.Equal(0, status.Advisories);
        Assert.Equal(0, status.Withdrawn);
        Assert.Null(status.NewestModified);
        Assert.Empty(status.Ecosystems);
        Assert.Null(status.LastOsvImport);
        Assert.Null(status.LastKevImport);
        Assert.Null(await store.GetAdvisoryAsync("CVE-2024-0001"));
        Assert.Null(await store.GetVulnerabilityAsync("CVE-2024-0001"));
        Assert.Empty(await store.FindAdvisoriesAsync("CVE-2024-0001"));
        Assert.Empty(await store.ListEcosystemsAsync());
    }

    [Fact]
    public async Task A_record_round_trips_with_its_ranges_and_events_in_the_given_order()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var advisory = Record("GHSA-35c4-f3rq-f9g3", T0) with
        {
            Published = T0.AddDays(-30),
            Summary = "Moderate severity vulnerability that affects activesupport",
            Aliases = ["CVE-2015-3227"],
            Related = ["CVE-2015-0000"],
            Severity = [new SeverityScore("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H")],
            VendorSeverity = new VendorSeverity("MODERATE", "database_specific.severity"),
            Affected =
            [
                new AffectedPackage
                {
                    Index = 0,
                    Ecosystem = "RubyGems",
                    Name = "activesupport",
                    Purl = "pkg:gem/activesupport",
                    Ranges =
                    [
                        new AffectedRange(AffectedRange.Ecosystem,
                        [
                            new(RangeEventKind.Introduced, "3.2.0"), new(RangeEventKind.Fixed, "3.2.22"),
                            new(RangeEventKind.Introduced, "4.2.0"), new(RangeEventKind.Fixed, "4.2.2"),
                            new(RangeEventKind.Introduced, "4.0.0"), new(RangeEventKind.LastAffected, "4.1.10"),
                        ]) { DatabaseSpecific = """{"source":"ghsa"}""" },
                        new AffectedRange(AffectedRange.Git, [new(RangeEventKind.Introduced, "0"), new(RangeEventKind.Limit, "abc123")]) { Repo = "https://github.com/rails/rails" },
                    ],
                    Versions = ["4.2.1", "4.2.0"],
                    Severity = [new SeverityScore("Ubuntu", "low")],
                    VendorSeverity = new VendorSeverity("low", "severity[Ubuntu]"),
                    EcosystemSpecific = """{"affected_functions":["ActiveSupport::XmlMini"]}""",
                    DatabaseSpecific = """{"cwes":[]}""",
                },
            ],
        };
        var import = await store.UpsertAsync([advisory], "test");

        var stored = await store.GetAdvisoryAsync("GHSA-35c4-f3rq-f9g3");
        Assert.NotNull(stored);
        Assert.Equal(T0, stored.Modified);
        Assert.Equal(T0.AddDays(-30), stored.Published);
        Assert.Null(stored.Withdrawn);
        Assert.Equal("Moderate severity vulnerability that affects activesupport", stored.Summary);
        Assert.Equal(["CVE-2015-3227"], stored.Aliases);
        Assert.Equal(["CVE-2015-0000"], stored.Related);
        Assert.Equal(advisory.Severity, stored.Severity);
        Assert.Equal(new VendorSeverity("MODERATE", "database_specific.severity"), stored.VendorSeverity);
        Assert.Equal("CVE-2015-3227", stored.VulnerabilityId);
        Assert.Equal(advisory.Record, stored.Record);
        Assert.Equal(import.Id, stored.ImportId);

        var entry = Assert.Single(await store.GetAffectedAsync("RubyGems", "activesupport"));
        Assert.Equal("GHSA-35c4-f3rq-f9g3", entry.AdvisoryId);
        Assert.Equal("CVE-2015-3227", entry.VulnerabilityId);
        Assert.Equal(T0, entry.AdvisoryModified);
        var package = entry.Package;
        Assert.Equal(0, package.Index);
        Assert.Equal("pkg:gem/activesupport", package.Purl);
        Assert.Equal(2, package.Ranges.Count);
        Assert.Equal(advisory.Affected[0].Ranges[0].Events, package.Ranges[0].Events);
        Assert.Equal("""{"source":"ghsa"}""", package.Ranges[0].DatabaseSpecific);
        Assert.True(package.Ranges[0].UsedForMatching);
        Assert.Equal("GIT", package.Ranges[1].Type);
        Assert.Equal("https://github.com/rails/rails", package.Ranges[1].Repo);
        Assert.False(package.Ranges[1].UsedForMatching);
        Assert.Equal(AffectedRange.GitNote, package.Ranges[1].Note);
        Assert.Equal(advisory.Affected[0].Ranges[1].Events, package.Ranges[1].Events);
        Assert.Equal(["4.2.1", "4.2.0"], package.Versions);
        Assert.Equal([new SeverityScore("Ubuntu", "low")], package.Severity);
        Assert.Equal(new VendorSeverity("low", "severity[Ubuntu]"), package.VendorSeverity);
        Assert.Equal("""{"affected_functions":["ActiveSupport::XmlMini"]}""", package.EcosystemSpecific);
        Assert.Equal("""{"cwes":[]}""", package.DatabaseSpecific);
    }

    [Fact]
    public async Task Affected_entries_are_found_by_exact_ecosystem_with_release_and_folded_package_name()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        await store.UpsertAsync(
        [
            Record("DEBIAN-CVE-2024-0001", T0) with
            {
                Upstream = ["CVE-2024-0001"],
                Affected = [Affected(0, "Debian:12", "openssl", "3.0.13-1~deb12u1"), Affected(1, "Debian:11", "openssl", "1.1.1w-0+deb11u2")],
            },
            Record("GHSA-3f63-hfp8-52jq", T0) with { Affected = [Affected(0, "PyPI", "Pillow", "10.2.0")] },
            // An entry without a package (a GIT-only entry) is kept in the record but not indexed for matching.
            Record("OSV-2017-134", T0) with
            {
                Affected = [new AffectedPackage { Index = 0, Ranges = [new AffectedRange(AffectedRange.Git, [new(RangeEventKind.Introduced, "17ee4cf")])] }],
            },
        ], "test");

        var debian12 = Assert.Single(await store.GetAffectedAsync("Debian:12", "openssl"));
        Assert.Equal("3.0.13-1~deb12u1", debian12.Package.Ranges[0].Events[1].Version);
        Assert.Equal("CVE-2024-0001", debian12.VulnerabilityId);
        var debian11 = Assert.Single(await store.GetAffectedAsync("Debian:11", "openssl"));
        Assert.Equal(1, debian11.Package.Index);
        Assert.Empty(await store.GetAffectedAsync("Debian", "openssl"));
        Assert.Empty(await store.GetAffectedAsync("Debian:12", "OpenSSL"));

        // PyPI names compare per PEP 503; the entry keeps the advisory's spelling.
        foreach (var installed in new[] { "pillow", "PILLOW", "Pillow" })
        {
            Assert.Equal("Pillow", Assert.Single(await store.GetAffectedAsync("PyPI", installed)).Package.Name);
        }

        Assert.Single(await store.GetAffectedAsync("PyPI", ["pillow", "unrelated"]));
        Assert.Equal(3, (await store.GetStatusAsync()).Advisories);
        Assert.Equal(["Debian", "PyPI"], (await store.GetStatusAsync()).Ecosystems.Select(e => e.Ecosystem));

        // Matching asks which ecosystems, with their releases, any record names.
        Assert.Equal(["Debian:11", "Debian:12", "PyPI"], await store.ListEcosystemsAsync());
        var records = await store.GetAdvisoriesAsync(["GHSA-3f63-hfp8-52jq", "OSV-2017-134", "absent", "GHSA-3f63-hfp8-52jq"]);
        Assert.Equal(["GHSA-3f63-hfp8-52jq", "OSV-2017-134"], records.Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_record_not_newer_than_the_stored_one_is_left_alone_and_a_newer_one_replaces_it_whole()
    {
        var clock = new ManualClock();
        await using var store = await CreateStoreAsync(clock);
        var first = Record("GHSA-aaaa-bbbb-cccc", T0) with
        {
            Aliases = ["CVE-2024-1111"],
            Affected = [Affected(0, "npm", "left-pad", "1.0.1"), Affected(1, "npm", "right-pad", "2.0.0")],
        };
        var import1 = await store.UpsertAsync([first], "first");
        Assert.Equal(1, import1.Created);

        clock.Advance(TimeSpan.FromHours(1));
        var same = await store.UpsertAsync([first with { Summary = "not newer: ignored" }], "again");
        Assert.Equal(0, same.Written);
        Assert.Equal(1, same.Unchanged);
        var older = await store.UpsertAsync([first with { Modified = T0.AddDays(-1), Summary = "older: ignored" }], "older");
        Assert.Equal(1, older.Unchanged);
        Assert.Null((await store.GetAdvisoryAsync(first.Id))!.Summary);
        Assert.Equal(import1.Id, (await store.GetAdvisoryAsync(first.Id))!.ImportId);

        var newer = first with
        {
            Modified = T0.AddDays(1),
            Summary = "newer",
            Affected = [Affected(0, "npm", "left-pad", "1.0.2")],
        };
        var import2 = await store.UpsertAsync([newer], "newer");
        Assert.Equal(1, import2.Updated);
        var stored = await store.GetAdvisoryAsync(first.Id);
        Assert.Equal("newer", stored!.Summary);
        Assert.Equal(T0.AddDays(1), stored.Modified);
        Assert.Equal("1.0.2", Assert.Single(await store.GetAffectedAsync("npm", "left-pad")).Package.Ranges[0].Events[1].Version);
        Assert.Empty(await store.GetAffectedAsync("npm", "right-pad"));
    }

    [Fact]
    public async Task Ids_of_one_vulnerability_form_one_group_found_from_any_of_them()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        // Imported in an order where the groups only meet at the last record.
        await store.UpsertAsync([Record("DEBIAN-CVE-2020-36567", T0) with { Upstream = ["CVE-2020-36567"] }], "debian");
        await store.UpsertAsync([Record("GHSA-6vm3-jj99-7229", T0) with { Aliases = ["GO-2020-0001"] }], "ghsa");
        await store.UpsertAsync([Record("GO-2020-0001", T0) with { Aliases = ["CVE-2020-36567", "GHSA-6vm3-jj99-7229"] }], "go");

        string[] ids = ["CVE-2020-36567", "GHSA-6vm3-jj99-7229", "DEBIAN-CVE-2020-36567", "GO-2020-0001"];
        foreach (var id in ids)
        {
            var group = await store.GetVulnerabilityAsync(id);
            Assert.NotNull(group);
            Assert.Equal("CVE-2020-36567", group.Id);
            Assert.Equal(["CVE-2020-36567", "GHSA-6vm3-jj99-7229", "DEBIAN-CVE-2020-36567", "GO-2020-0001"], group.Ids);
            Assert.Equal(["DEBIAN-CVE-2020-36567", "GHSA-6vm3-jj99-7229", "GO-2020-0001"], group.AdvisoryIds);
            Assert.Equal(group.AdvisoryIds, (await store.FindAdvisoriesAsync(id)).Select(a => a.Id));
        }

        Assert.All(await store.FindAdvisoriesAsync("GO-2020-0001"), a => Assert.Equal("CVE-2020-36567", a.VulnerabilityId));
        Assert.Equal(1, (await store.GetStatusAsync()).Vulnerabilities);
    }

    [Fact]
    public async Task A_record_naming_several_CVEs_is_linked_to_each_without_merging_them()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        await store.UpsertAsync(
        [
            Record("DSA-5000-1", T0) with { Upstream = ["CVE-2021-1111", "CVE-2021-2222"] },
            Record("DEBIAN-CVE-2021-1111", T0) with { Upstream = ["CVE-2021-1111"] },
            Record("DEBIAN-CVE-2021-2222", T0) with { Upstream = ["CVE-2021-2222"] },
        ], "debian");

        var first = await store.GetVulnerabilityAsync("CVE-2021-1111");
        Assert.Equal(["CVE-2021-1111", "DEBIAN-CVE-2021-1111"], first!.Ids);
        Assert.Equal(["DEBIAN-CVE-2021-1111", "DSA-5000-1"], first.AdvisoryIds);
        Assert.Equal(["DEBIAN-CVE-2021-2222", "DSA-5000-1"], (await store.FindAdvisoriesAsync("CVE-2021-2222")).Select(a => a.Id));
        Assert.Equal("DSA-5000-1", (await store.GetAdvisoryAsync("DSA-5000-1"))!.VulnerabilityId);
        Assert.Equal(3, (await store.GetStatusAsync()).Vulnerabilities);
    }

    [Fact]
    public async Task Dropping_an_alias_or_withdrawing_a_record_splits_its_group()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        await store.UpsertAsync(
        [
            Record("GHSA-xxxx-0001", T0) with { Aliases = ["CVE-2022-0001"] },
            Record("PYSEC-2022-1", T0) with { Aliases = ["CVE-2022-0001", "GHSA-xxxx-0001"] },
            Record("BIT-2022-1", T0) with { Aliases = ["PYSEC-2022-1"] },
        ], "all");
        Assert.Equal(4, (await store.GetVulnerabilityAsync("BIT-2022-1"))!.Ids.Count);

        // PYSEC was the bridge to BIT; once it only names the CVE, BIT stands alone again.
        await store.UpsertAsync([Record("BIT-2022-1", T0.AddDays(1))], "bit update");
        Assert.Equal(["BIT-2022-1"], (await store.GetVulnerabilityAsync("BIT-2022-1"))!.Ids);
        Assert.Equal(["CVE-2022-0001", "GHSA-xxxx-0001", "PYSEC-2022-1"], (await store.GetVulnerabilityAsync("PYSEC-2022-1"))!.Ids);

        await store.UpsertAsync([Record("PYSEC-2022-1", T0.AddDays(2)) with { Withdrawn = T0.AddDays(2), Aliases = ["CVE-2022-0001"] }], "withdrawn");
        var group = await store.GetVulnerabilityAsync("CVE-2022-0001");
        Assert.Equal(["CVE-2022-0001", "GHSA-xxxx-0001"], group!.Ids);
        Assert.Equal(["GHSA-xxxx-0001"], group.AdvisoryIds);
        Assert.Null(await store.GetVulnerabilityAsync("PYSEC-2022-1"));
        // Asked for by its own id, the withdrawn record is still there to show why findings closed.
        var tombstone = Assert.Single(await store.FindAdvisoriesAsync("PYSEC-2022-1"));
        Assert.Equal(T0.AddDays(2), tombstone.Withdrawn);
        Assert.Equal("PYSEC-2022-1", tombstone.VulnerabilityId);
        Assert.Equal(["GHSA-xxxx-0001"], (await store.FindAdvisoriesAsync("CVE-2022-0001")).Select(a => a.Id));
    }

    [Fact]
    public async Task A_withdrawn_record_keeps_no_affected_entries_and_is_listed_as_a_change()
    {
        var clock = new ManualClock();
        await using var store = await CreateStoreAsync(clock);
        var live = Record("GHSA-35c4-f3rq-f9g3", T0) with { Aliases = ["CVE-2015-3227"], Affected = [Affected(0, "RubyGems", "activesupport", "4.2.2")] };
        await store.UpsertAsync([live], "live");
        Assert.Single(await store.GetAffectedAsync("RubyGems", "activesupport"));

        clock.Advance(TimeSpan.FromMinutes(5));
        var since = clock.GetUtcNow();
        var withdrawal = await store.UpsertAsync([live with { Modified = T0.AddDays(1), Withdrawn = T0.AddDays(1) }], "withdrawn");
        Assert.Equal(1, withdrawal.Withdrawn);

        Assert.Empty(await store.GetAffectedAsync("RubyGems", "activesupport"));
        Assert.Empty(await store.FindAdvisoriesAsync("CVE-2015-3227"));
        Assert.Equal(T0.AddDays(1), (await store.GetAdvisoryAsync(live.Id))!.Withdrawn);
        var status = await store.GetStatusAsync();
        Assert.Equal(0, status.Advisories);
        Assert.Equal(1, status.Withdrawn);
        Assert.Empty(status.Ecosystems);
        Assert.Empty(await store.ListEcosystemsAsync());
        var change = Assert.Single(await ToListAsync(store.ListChangesSinceAsync(since)));
        Assert.Equal((live.Id, (DateTimeOffset?)T0.AddDays(1)), (change.AdvisoryId, change.Withdrawn));
        Assert.Empty(change.Packages);

        // An older live version (a second copy in another folder) does not bring it back; the same time does.
        Assert.Equal(1, (await store.UpsertAsync([live], "older copy")).Unchanged);
        Assert.Empty(await store.GetAffectedAsync("RubyGems", "activesupport"));
        Assert.Equal(1, (await store.UpsertAsync([live with { Modified = T0.AddDays(1) }], "reinstated")).Updated);
        Assert.Single(await store.GetAffectedAsync("RubyGems", "activesupport"));

        // A record the store never had arrives withdrawn: kept as a tombstone too.
        await store.UpsertAsync([Record("GHSA-8g9c-28fc-mcx2", T0) with { Withdrawn = T0 }], "withdrawn2");
        Assert.Equal((1L, 1L), ((await store.GetStatusAsync()).Advisories, (await store.GetStatusAsync()).Withdrawn));
    }

    [Fact]
    public async Task Changes_are_listed_since_a_time_and_per_import_with_the_packages_they_affect()
    {
        var clock = new ManualClock();
        await using var store = await CreateStoreAsync(clock);
        var first = await store.UpsertAsync(
        [
            Record("GHSA-0001", T0) with { Affected = [Affected(0, "npm", "a", "1.0.0"), Affected(1, "npm", "b", "1.0.0"), Affected(2, "npm", "a", "2.0.0")] },
            Record("GHSA-0002", T0) with { Affected = [Affected(0, "Go", "golang.org/x/net", "0.7.0")] },
        ], "first");
        clock.Advance(TimeSpan.FromHours(1));
        var since = clock.GetUtcNow();
        var second = await store.UpsertAsync(
        [
            Record("GHSA-0002", T0.AddDays(1)) with { Affected = [Affected(0, "Go", "golang.org/x/net", "0.8.0")] },
            Record("GHSA-0003", T0) with { Affected = [Affected(0, "Maven", "org.example:lib", "1.2")] },
            Record("GHSA-0001", T0),
        ], "second");
        Assert.Equal((1, 1, 1), (second.Created, second.Updated, second.Unchanged));
        Assert.Equal(since, second.FinishedAt);

        var changes = await ToListAsync(store.ListChangesSinceAsync(since));
        Assert.Equal(["GHSA-0002", "GHSA-0003"], changes.Select(c => c.AdvisoryId));
        Assert.Equal([new PackageKey("Go", "golang.org/x/net")], changes[0].Packages);
        Assert.Equal(second.Id, changes[0].ImportId);
        Assert.Equal(since, changes[0].StoredAt);

        var firstChanges = await ToListAsync(store.ListChangesInImportAsync(first.Id));
        Assert.Equal(["GHSA-0001"], firstChanges.Select(c => c.AdvisoryId));
        Assert.Equal([new PackageKey("npm", "a"), new PackageKey("npm", "b")], firstChanges[0].Packages);
        Assert.Equal(["GHSA-0002", "GHSA-0003"], (await ToListAsync(store.ListChangesInImportAsync(second.Id))).Select(c => c.AdvisoryId));
    }

    [Fact]
    public async Task An_import_stores_nothing_until_it_commits_and_nothing_when_disposed_without_commit()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        await store.UpsertAsync([Record("GHSA-kept", T0) with { Affected = [Affected(0, "npm", "kept", "1.0.0")] }], "before");

        await using (var session = await store.BeginImportAsync("abandoned"))
        {
            await session.WriteAsync([Record("GHSA-0001", T0) with { Aliases = ["CVE-2024-0001"], Affected = [Affected(0, "npm", "a", "1.0.0")] }]);
            await session.WriteAsync([Record("GHSA-kept", T0.AddDays(1)) with { Withdrawn = T0.AddDays(1) }]);
            // The session sees its own writes...
            var seen = await session.GetStoredModifiedAsync(["GHSA-0001", "GHSA-kept", "GHSA-none"]);
            Assert.Equal(T0, seen["GHSA-0001"]);
            Assert.Equal(T0.AddDays(1), seen["GHSA-kept"]);
            Assert.False(seen.ContainsKey("GHSA-none"));
            // ...readers do not.
            Assert.Null(await store.GetAdvisoryAsync("GHSA-0001"));
        }

        Assert.Null(await store.GetAdvisoryAsync("GHSA-0001"));
        Assert.Null(await store.GetVulnerabilityAsync("CVE-2024-0001"));
        Assert.Single(await store.GetAffectedAsync("npm", "kept"));
        var status = await store.GetStatusAsync();
        Assert.Equal((1L, 0L), (status.Advisories, status.Withdrawn));
        Assert.Equal("before", status.LastOsvImport!.Source);
    }

    [Fact]
    public async Task An_import_cancelled_midway_stores_nothing()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        using var interrupt = new CancellationTokenSource();
        var records = Enumerable.Range(0, 300)
            .Select(i => Record($"GHSA-{i:D4}", T0) with { Aliases = [$"CVE-2024-{i:D4}"], Affected = [Affected(0, "npm", $"p{i}", "1.0.0")] })
            .ToList();
        var session = await store.BeginImportAsync("interrupted");
        await using (session)
        {
            await session.WriteAsync(records[..200], interrupt.Token);
            interrupt.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.WriteAsync(records[200..], interrupt.Token));
        }

        var status = await store.GetStatusAsync();
        Assert.Equal(0, status.Advisories);
        Assert.Equal(0, status.Vulnerabilities);
        Assert.Null(status.LastOsvImport);
        Assert.Empty(await store.GetAffectedAsync("npm", "p0"));
    }

    [Fact]
    public async Task Status_counts_per_ecosystem_and_reports_freshness_of_every_feed()
    {
        var clock = new ManualClock();
        await using var store = await CreateStoreAsync(clock);
        await using (var session = await store.BeginImportAsync("osv/Debian/all.zip"))
        {
            await session.WriteAsync(
            [
                Record("DEBIAN-CVE-2024-0001", T0) with { Affected = [Affected(0, "Debian:11", "curl", "1"), Affected(1, "Debian:12", "curl", "2")] },
                Record("DEBIAN-CVE-2024-0002", T0.AddDays(3)) with { Affected = [Affected(0, "Debian:12", "curl", "3")] },
                Record("GHSA-0001", T0.AddDays(1)) with { Affected = [Affected(0, "npm", "a", "1"), Affected(1, "PyPI", "b", "1")] },
                Record("GHSA-0002", T0.AddDays(5)) with { Withdrawn = T0.AddDays(5) },
            ]);
            clock.Advance(TimeSpan.FromSeconds(3));
            await session.CommitAsync(warnings: 2);
        }

        var status = await store.GetStatusAsync();
        Assert.Equal(3, status.Advisories);
        Assert.Equal(1, status.Withdrawn);
        Assert.Equal(T0.AddDays(5), status.NewestModified);
        Assert.Equal(
            [new EcosystemStatus("Debian", 2, 3, T0.AddDays(3)), new EcosystemStatus("PyPI", 1, 1, T0.AddDays(1)), new EcosystemStatus("npm", 1, 1, T0.AddDays(1))],
            status.Ecosystems.OrderBy(e => e.Ecosystem, StringComparer.Ordinal));
        var last = status.LastOsvImport!;
        Assert.Equal("osv/Debian/all.zip", last.Source);
        Assert.Equal((4L, 3L, 1L, 2L), (last.Records, last.Created, last.Withdrawn, last.Warnings));
        Assert.Equal(TimeSpan.FromSeconds(3), last.FinishedAt - last.StartedAt);
        Assert.Null(status.LastKevImport);
        Assert.Null(status.LastEpssImport);
    }

    [Fact]
    public async Task KEV_and_EPSS_snapshots_replace_the_previous_ones_and_are_found_by_CVE()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var released = new DateTimeOffset(2024, 1, 10, 17, 0, 39, 347, TimeSpan.Zero);
        var log4shell = new KevEntry("CVE-2021-44228", new DateOnly(2021, 12, 10))
        {
            VendorProject = "Apache",
            Product = "Log4j2",
            VulnerabilityName = "Apache Log4j2 Remote Code Execution Vulnerability",
            ShortDescription = "Apache Log4j2 contains a vulnerability …",
            RequiredAction = "Apply updates per vendor instructions.",
            DueDate = new DateOnly(2021, 12, 24),
            KnownRansomwareCampaignUse = "Known",
            Notes = "https://nvd.nist.gov/vuln/detail/CVE-2021-44228",
            Cwes = ["CWE-20", "CWE-400", "CWE-502"],
        };
        var old = new KevEntry("CVE-2000-0001", new DateOnly(2022, 1, 1));
        await store.ReplaceKevAsync(new KevCatalog([old]) { CatalogVersion = "2023.12.01" }, "kev-old.json");
        var import = await store.ReplaceKevAsync(new KevCatalog([log4shell]) { CatalogVersion = "2024.01.10", DateReleased = released }, "kev.json");
        Assert.Equal(("2024.01.10", (DateTimeOffset?)released, 1L), (import.FeedVersion, import.FeedDate, import.Records));

        var kev = await store.GetKevAsync(["CVE-2021-44228", "CVE-2000-0001", "CVE-1999-0001"]);
        Assert.Equal(log4shell, kev["CVE-2021-44228"] with { Cwes = log4shell.Cwes });
        Assert.Equal(log4shell.Cwes, kev["CVE-2021-44228"].Cwes);
        Assert.Single(kev);

        await store.ReplaceEpssAsync(new EpssSnapshot([new EpssScore("CVE-2000-0001", 0.5, 0.5)]), "old.csv");
        var scoreDate = new DateTimeOffset(2024, 1, 10, 0, 0, 0, TimeSpan.Zero);
        await store.ReplaceEpssAsync(
            new EpssSnapshot([new EpssScore("CVE-2021-44228", 0.97565, 0.99996), new EpssScore("CVE-1999-0001", 0.01141, 0.83185)])
            {
                ModelVersion = "v2023.03.01",
                ScoreDate = scoreDate,
            },
            "epss.csv");
        var epss = await store.GetEpssAsync(["CVE-2021-44228", "CVE-2000-0001"]);
        Assert.Equal(new EpssScore("CVE-2021-44228", 0.97565, 0.99996), Assert.Single(epss).Value);

        var status = await store.GetStatusAsync();
        Assert.Equal((1L, 2L), (status.KevEntries, status.EpssScores));
        Assert.Equal("2024.01.10", status.LastKevImport!.FeedVersion);
        Assert.Equal(("v2023.03.01", (DateTimeOffset?)scoreDate, "epss.csv"), (status.LastEpssImport!.FeedVersion, status.LastEpssImport.FeedDate, status.LastEpssImport.Source));
    }

    [Fact]
    public async Task Set_lookups_span_more_names_than_one_statement_takes()
    {
        await using var store = await CreateStoreAsync(new ManualClock());
        var records = Enumerable.Range(0, 1_200)
            .Select(i => Record($"GHSA-{i:D4}", T0) with { Aliases = [$"CVE-2024-{i:D4}"], Affected = [Affected(0, "npm", $"p{i:D4}", "1.0.0")] })
            .ToList();
        var import = await store.UpsertAsync(records, "many");
        Assert.Equal(1_200, import.Created);

        await using (var session = await store.BeginImportAsync("lookup"))
        {
            var stored = await session.GetStoredModifiedAsync([.. records.Select(r => r.Id), "GHSA-none"]);
            Assert.Equal(1_200, stored.Count);
            Assert.All(stored.Values, modified => Assert.Equal(T0, modified));
        }

        var names = Enumerable.Range(0, 1_300).Select(i => $"p{i:D4}").ToList();
        var entries = await store.GetAffectedAsync("npm", names);
        Assert.Equal(1_200, entries.Count);
        Assert.Equal("p0000", entries[0].Package.Name);
        Assert.Equal("CVE-2024-1199", entries[^1].VulnerabilityId);
        var cves = records.Select(r => r.Aliases[0]).ToList();
        await store.ReplaceKevAsync(new KevCatalog([.. cves.Select(cve => new KevEntry(cve, new DateOnly(2024, 1, 1)))]), "kev.json");
        Assert.Equal(1_200, (await store.GetKevAsync([.. cves, "CVE-1999-0001"])).Count);
        Assert.Equal(1_200, (await ToListAsync(store.ListChangesInImportAsync(import.Id))).Count);
    }

    private static Advisory Record(string id, DateTimeOffset modified) => new()
    {
        Id = id,
        Modified = modified,
        Record = $$"""{"id":"{{id}}","modified":"{{modified:O}}"}""",
    };

    private static AffectedPackage Affected(int index, string ecosystem, string name, string fixedVersion) => new()
    {
        Index = index,
        Ecosystem = ecosystem,
        Name = name,
        Ranges = [new AffectedRange(AffectedRange.Ecosystem, [new(RangeEventKind.Introduced, "0"), new(RangeEventKind.Fixed, fixedVersion)])],
    };

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
