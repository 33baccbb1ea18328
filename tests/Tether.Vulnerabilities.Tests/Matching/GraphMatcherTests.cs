using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Tether.Vulnerabilities.Advisories.Parse;
using Tether.Vulnerabilities.Matching;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Matching;

/// <summary>
/// Re-matching stored packages as advisories arrive, change and are withdrawn, on real OSV records and a real
/// SQLite store: findings appear and are resolved as events, with the record that decided as evidence.
/// </summary>
public sealed class GraphMatcherTests : IAsyncLifetime
{
    private static readonly PackageFacts LodashOld = new("npm", "lodash", "4.17.11") { Purl = "pkg:npm/lodash@4.17.11" };
    private static readonly PackageFacts LodashNew = new("npm", "lodash", "4.17.21");
    private static readonly PackageFacts LibSsl = new("Debian:12", "libssl3", "3.0.11-1~deb12u2") { SourceName = "openssl", SourceVersion = "3.0.11-1~deb12u2" };
    private static readonly PackageFacts OpenSsl = new("Debian:12", "openssl", "3.0.11-1~deb12u2");

    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new();
    private IGraphStore _graph = null!;
    private IAdvisoryStore _advisories = null!;

    public async Task InitializeAsync()
    {
        var path = _dir.File("t.db");
        _graph = await SqliteGraphStore.OpenAsync(path, _clock);
        _advisories = await SqliteAdvisoryStore.OpenAsync(path, _clock);
        var batch = new GraphBatch("sbom", _clock.GetUtcNow());
        foreach (var package in new[] { LodashOld, LodashNew, LibSsl, OpenSsl })
        {
            batch.Add(package);
        }

        await _graph.IngestAsync(batch);
    }

    public async Task DisposeAsync()
    {
        await _graph.DisposeAsync();
        await _advisories.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task An_advisory_imported_after_the_packages_creates_a_match_with_its_evidence_and_a_new_event()
    {
        var summary = await ImportAndMatchAsync(Real("ghsa", "GHSA-jf85-cpcp-j695.json"));

        Assert.Equal((2, 1, 1, 0, 0), (summary.Packages, summary.Matches, summary.New, summary.Changed, summary.Resolved));
        var match = await CurrentMatchAsync(LodashOld, "CVE-2019-10744");
        Assert.Equal("GHSA-jf85-cpcp-j695", match.AdvisoryId);
        Assert.Equal(("lodash", "4.17.11", "4.17.12", "0"), (match.MatchedOn, match.MatchedVersion, match.FixedVersion, match.Introduced));
        Assert.Equal("npm", match.AdvisoryEcosystem);
        Assert.Equal("ECOSYSTEM range 0: 4.17.11 ≥ introduced 0 and < fixed 4.17.12", match.Reason);

        var packageNode = (await _graph.FindNodeAsync(LodashOld.Ref))!;
        var hasMatch = Assert.Single(await _graph.GetEdgesAsync([packageNode.Id], EdgeDirection.Outgoing, [EdgeTypes.HasMatch]));
        Assert.Equal((EvidenceMethods.AdvisoryMatch, GraphMatcher.Collector), (hasMatch.Method, hasMatch.Collector));
        Assert.Equal("GHSA-jf85-cpcp-j695@2023-09-05T22:24:55Z", hasMatch.Document);
        var ofVulnerability = Assert.Single(await _graph.GetEdgesAsync([hasMatch.ToId], EdgeDirection.Outgoing, [EdgeTypes.OfVulnerability]));
        var vulnerability = Assert.Single(await _graph.GetNodesAsync([ofVulnerability.ToId]));
        Assert.Equal("CVE-2019-10744", vulnerability.Key);
        var facts = vulnerability.Facts<VulnerabilityFacts>();
        Assert.Equal(["GHSA-jf85-cpcp-j695"], facts.AliasIds);
        Assert.Equal(("CRITICAL", 9.1), (facts.Severity, facts.CvssScore));
        Assert.Single(await _graph.FindNodesByAliasAsync(NodeKinds.Vulnerability, "GHSA-jf85-cpcp-j695"));

        var change = Assert.Single(await EventsAsync());
        Assert.Equal((FindingEventFacts.New, "CVE-2019-10744", LodashOld.Key, _clock.GetUtcNow()), (change.Change, change.VulnerabilityId, change.PackageKey, change.At));
    }

    [Fact]
    public async Task Matching_again_with_nothing_changed_writes_nothing()
    {
        await ImportAndMatchAsync(Real("ghsa", "GHSA-jf85-cpcp-j695.json"));
        var before = await _graph.CountAsync();
        _clock.Advance(TimeSpan.FromHours(1));

        var again = await new GraphMatcher(_graph, _advisories, _clock).MatchAllAsync();

        Assert.Equal((4, 1, 0, 0, 0), (again.Packages, again.Matches, again.New, again.Changed, again.Resolved));
        var after = await _graph.CountAsync();
        Assert.Equal(before.NodesByKind, after.NodesByKind);
        Assert.Equal(before.Edges, after.Edges);
    }

    [Fact]
    public async Task A_distro_record_matches_every_binary_of_its_source_package_and_a_narrowed_record_resolves_them()
    {
        var record = Real("debian12-changelog", "DEBIAN-CVE-2024-6119.json");
        var summary = await ImportAndMatchAsync(record);
        Assert.Equal((2, 2), (summary.New, summary.Matches));
        var libssl = await CurrentMatchAsync(LibSsl, "CVE-2024-6119");
        Assert.Equal(("source package openssl", "3.0.14-1~deb12u2"), (libssl.MatchedOn, libssl.FixedVersion));
        Assert.Equal("openssl", (await CurrentMatchAsync(OpenSsl, "CVE-2024-6119")).MatchedOn);

        // The database corrects the record: the fix was already in an older version than the one installed.
        _clock.Advance(TimeSpan.FromDays(1));
        var corrected = WithFixed(record, "3.0.11-1~deb12u1");
        var resolved = await ImportAndMatchAsync(corrected);

        Assert.Equal((0, 2, 0), (resolved.New, resolved.Resolved, resolved.Matches));
        var ended = (await _graph.FindNodeAsync(new NodeRef(NodeKinds.VulnerabilityMatch, VulnerabilityMatchFacts.KeyOf(LibSsl.Key, "CVE-2024-6119"))))!;
        Assert.Equal(_clock.GetUtcNow(), ended.EndedAt);
        var events = await EventsAsync();
        Assert.Equal(4, events.Count);
        Assert.All(events.Where(e => e.Change == FindingEventFacts.Resolved), e =>
        {
            Assert.Equal(_clock.GetUtcNow(), e.At);
            Assert.Equal($"DEBIAN-CVE-2024-6119 (modified {corrected.Modified:yyyy-MM-dd}) no longer lists this version as affected", e.Reason);
        });
    }

    [Fact]
    public async Task A_withdrawn_record_resolves_its_findings_and_says_so()
    {
        var record = Real("ghsa", "GHSA-jf85-cpcp-j695.json");
        await ImportAndMatchAsync(record);
        _clock.Advance(TimeSpan.FromDays(2));
        var withdrawnAt = _clock.GetUtcNow();

        var summary = await ImportAndMatchAsync(record with { Modified = record.Modified.AddDays(1), Withdrawn = withdrawnAt });

        Assert.Equal((1, 0), (summary.Resolved, summary.Matches));
        var resolved = Assert.Single(await EventsAsync(), e => e.Change == FindingEventFacts.Resolved);
        Assert.Equal($"GHSA-jf85-cpcp-j695 was withdrawn on {withdrawnAt:yyyy-MM-dd}", resolved.Reason);
    }

    [Fact]
    public async Task A_moved_fix_updates_the_open_match_in_place_without_an_event()
    {
        var record = Real("debian12-changelog", "DEBIAN-CVE-2024-6119.json");
        await ImportAndMatchAsync(record);
        _clock.Advance(TimeSpan.FromDays(1));

        var summary = await ImportAndMatchAsync(WithFixed(record, "3.0.15-1~deb12u1"));

        Assert.Equal((0, 2, 0, 2), (summary.New, summary.Changed, summary.Resolved, summary.Matches));
        Assert.Equal("3.0.15-1~deb12u1", (await CurrentMatchAsync(LibSsl, "CVE-2024-6119")).FixedVersion);
        Assert.Equal(2, (await EventsAsync()).Count);
    }

    [Fact]
    public async Task A_Red_Hat_stream_advisory_reaches_packages_keyed_by_product_and_release_only()
    {
        var rhel9 = new PackageFacts("Red Hat:enterprise_linux:9", "openssl-libs", "1:3.0.7-16.el9_2") { SourceName = "openssl" };
        var rhel8 = new PackageFacts("Red Hat:enterprise_linux:8", "openssl-libs", "1:1.1.1k-9.el8_7") { SourceName = "openssl" };
        var batch = new GraphBatch("sbom", _clock.GetUtcNow());
        batch.Add(rhel9);
        batch.Add(rhel8);
        await _graph.IngestAsync(batch);
        var advisory = new Advisory
        {
            Id = "RHSA-2023:3722",
            Modified = _clock.GetUtcNow(),
            Upstream = ["CVE-2023-0464"],
            Affected =
            [
                new AffectedPackage
                {
                    Index = 0,
                    Ecosystem = "Red Hat:enterprise_linux:9::baseos",
                    Name = "openssl-libs",
                    Ranges = [new AffectedRange(AffectedRange.Ecosystem, [new(RangeEventKind.Introduced, "0"), new(RangeEventKind.Fixed, "1:3.0.7-18.el9_2")])],
                },
            ],
            Record = "{}",
        };

        var summary = await ImportAndMatchAsync(advisory);

        Assert.Equal((1, 1), (summary.Packages, summary.New));
        var match = await CurrentMatchAsync(rhel9, "CVE-2023-0464");
        Assert.Equal(("openssl-libs", "Red Hat:enterprise_linux:9::baseos"), (match.MatchedOn, match.AdvisoryEcosystem));
    }

    [Fact]
    public async Task A_full_rematch_in_small_pages_finds_what_matching_the_packages_directly_finds()
    {
        await _advisories.UpsertAsync([Real("ghsa", "GHSA-jf85-cpcp-j695.json"), Real("debian12-changelog", "DEBIAN-CVE-2024-6119.json")], "test");

        var paged = await new GraphMatcher(_graph, _advisories, _clock) { PageSize = 1 }.MatchAllAsync();

        Assert.Equal((4, 3, 3), (paged.Packages, paged.Matches, paged.New));
        Assert.Equal(3, (await EventsAsync()).Count);
        var direct = await new PackageMatcher(_advisories).MatchAsync([.. new[] { LodashOld, LodashNew, LibSsl, OpenSsl }.Select(MatchablePackage.From)]);
        Assert.Equal(3, direct.Matches.Count);
    }

    private static Advisory Real(params string[] path) =>
        Assert.Single(OsvDocumentParser.Parse(File.ReadAllBytes(TestData.Shared(["osv", .. path])), path[^1]).Advisories);

    /// <summary>The record as the database would publish a correction: a later <c>modified</c> and another fixed version.</summary>
    private static Advisory WithFixed(Advisory record, string fixedVersion)
    {
        var entry = record.Affected[0];
        var range = entry.Ranges[0];
        return record with
        {
            Modified = record.Modified.AddDays(1),
            Affected = [entry with { Ranges = [range with { Events = [range.Events[0], new RangeEvent(RangeEventKind.Fixed, fixedVersion)] }] }],
        };
    }

    private async Task<RematchSummary> ImportAndMatchAsync(Advisory advisory)
    {
        var import = await _advisories.UpsertAsync([advisory], "test");
        var changes = new List<AdvisoryChange>();
        await foreach (var change in _advisories.ListChangesInImportAsync(import.Id))
        {
            changes.Add(change);
        }

        return await new GraphMatcher(_graph, _advisories, _clock).MatchChangesAsync(changes);
    }

    private async Task<VulnerabilityMatchFacts> CurrentMatchAsync(PackageFacts package, string vulnerability)
    {
        var node = await _graph.FindNodeAsync(new NodeRef(NodeKinds.VulnerabilityMatch, VulnerabilityMatchFacts.KeyOf(package.Key, vulnerability)));
        Assert.NotNull(node);
        Assert.True(node.IsCurrent);
        return node.Facts<VulnerabilityMatchFacts>();
    }

    private async Task<List<FindingEventFacts>> EventsAsync() =>
        [.. (await _graph.ListNodesAsync(NodeKinds.FindingEvent, null, 1_000)).Select(n => n.Facts<FindingEventFacts>())];
}
