using System.Text.Json;
using Tether.Core.Advisories;
using Tether.Core.Recommend;
using Tether.Core.Trace;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Tether.Vulnerabilities.Versions;
using Xunit;
using static Tether.Core.Tests.Recommend.RecommendationEstate;

namespace Tether.Core.Tests.Recommend;

/// <summary>
/// The recommender on <see cref="RecommendationEstate"/>: counts and targets of the groups when many images share a base
/// layer, and the same report as tracing every running image one by one (<see cref="ReferenceRecommender"/>).
/// </summary>
public sealed class AggregatedRecommenderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private Tether.Core.Graph.IGraphStore _store = null!;
    private Tether.Core.Graph.IGraphStore _duplicates = null!;
    private IAdvisoryStore _advisories = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteGraphStore.OpenAsync(_dir.File("estate.db"), new ManualClock(Now));
        await _store.IngestAsync(Build(Now));
        _duplicates = await SqliteGraphStore.OpenAsync(_dir.File("duplicates.db"), new ManualClock(Now));
        await _duplicates.IngestAsync(Build(Now, duplicates: true));
        // Exploit signals for the duplicates estate: a known-exploited MEDIUM (used in ransomware) and two EPSS scores.
        _advisories = await SqliteAdvisoryStore.OpenAsync(_dir.File("duplicates.db"), new ManualClock(Now));
        await _advisories.ReplaceKevAsync(new KevCatalog([new KevEntry("CVE-2024-1002", new DateOnly(2025, 1, 2)) { KnownRansomwareCampaignUse = "Known" }]), "test");
        await _advisories.ReplaceEpssAsync(new EpssSnapshot([new EpssScore("CVE-2023-45853", 0.42, 0.97), new EpssScore("CVE-2024-1004", 0.2, 0.9)]), "test");
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _duplicates.DisposeAsync();
        await _advisories.DisposeAsync();
        _dir.Dispose();
    }

    private const int RecommendationSummaryTop = RunningFindingsSummary.TopCount;

    private Task<RecommendationReport> RecommendAsync(RecommendationQuery? query = null) =>
        new Recommender(_store, EcosystemVersionOrder.Instance).RecommendAsync(query ?? new RecommendationQuery());

    [Fact]
    public async Task Images_sharing_base_layers_give_one_action_per_owner_place_and_package()
    {
        var report = await RecommendAsync();
        // 7 images on base layer 0 (6 findings each), 6 on base layer 1 (3 each), 3 lodash and 3 libssl-dev own layers.
        Assert.Equal((13, 66, 14, 1), (report.Scope.RunningImages, report.Scope.Findings, report.Scope.FixActions, report.Scope.NoFixGroups));
        Assert.Equal(
            [(RecommendationActions.BaseImage, 6), (RecommendationActions.Image, 2), (RecommendationActions.LanguagePackage, 3), (RecommendationActions.OsPackage, 3)],
            report.Recommendations.GroupBy(r => r.Action).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key, StringComparer.Ordinal));
        Assert.Equal(Owners.Order(StringComparer.Ordinal).SelectMany(o => new[] { (o, "openssl"), (o, "zlib") }),
            report.Recommendations.Where(r => r.Action == RecommendationActions.BaseImage).Select(r => (r.Owner!.Repository!, r.Package.Name)).Order());
    }

    [Fact]
    public async Task A_base_image_action_covers_every_image_of_the_owner_on_either_base_layer()
    {
        var report = await RecommendAsync();
        var search = Assert.Single(report.Recommendations, r => r.Owner!.Repository == Owners[2] && r.Action == RecommendationActions.BaseImage && r.Package.Name == "openssl");
        Assert.Equal(["libssl3", "openssl"], search.Package.BinaryPackages);
        Assert.Equal(["3.0.8-1", "3.0.11-1~deb12u2"], search.Package.InstalledVersions);
        Assert.Equal("3.0.14-1~deb12u2", search.Package.TargetVersion);
        Assert.Equal(["CVE-2024-1001", "CVE-2024-1002"], search.Vulnerabilities.Select(v => v.Id).Order(StringComparer.Ordinal));
        Assert.Equal([Digest(2), Digest(5), Digest(8), Digest(11)], search.Images.Select(i => i.Digest).Order(StringComparer.Ordinal));
        Assert.Equal((12, 4, 3), (search.Pods, search.Workloads.Count, search.InternetExposedPods));
        Assert.Equal(["dev", "prod"], search.Clusters);
        Assert.Equal("Update openssl to 3.0.14-1~deb12u2 in base image debian:12-slim (Dockerfile line 1 of github.com/acme/search)", search.Title);

        var zlib = Assert.Single(report.Recommendations, r => r.Owner!.Repository == Owners[0] && r.Package.Name == "zlib");
        Assert.Equal("1.2.13.dfsg-1+deb12u1", zlib.Package.TargetVersion);
        Assert.Equal([Digest(0), Digest(6)], zlib.Images.Select(i => i.Digest).Order(StringComparer.Ordinal));
        Assert.Equal((2, 2), (zlib.Pods, zlib.Workloads.Count));
        Assert.Equal(["dev", "prod"], zlib.Clusters);
    }

    [Fact]
    public async Task Own_layer_packages_are_one_action_per_image_line_and_an_unowned_image_is_fixed_in_the_image()
    {
        var report = await RecommendAsync();
        var lodash = report.Recommendations.Where(r => r.Action == RecommendationActions.LanguagePackage).OrderBy(r => r.Owner!.Repository, StringComparer.Ordinal).ToList();
        Assert.Equal([(Owners[1], Digest(4)), (Owners[0], Digest(0)), (Owners[2], Digest(8))], lodash.Select(r => (r.Owner!.Repository!, Assert.Single(r.Images).Digest)));
        Assert.All(lodash, r => Assert.Equal(("4.17.21", 3, "RUN npm ci --omit=dev"), (r.Package.TargetVersion, r.Where.Line, r.Where.Instruction)));

        var dev = report.Recommendations.Where(r => r.Action == RecommendationActions.OsPackage).OrderBy(r => r.Owner!.Repository, StringComparer.Ordinal).ToList();
        Assert.Equal([(Owners[1], Digest(1)), (Owners[0], Digest(9)), (Owners[2], Digest(5))], dev.Select(r => (r.Owner!.Repository!, Assert.Single(r.Images).Digest)));
        Assert.All(dev, r => Assert.Equal(("libssl-dev", "3.0.14-1~deb12u2", 2), (Assert.Single(r.Package.BinaryPackages), r.Package.TargetVersion, r.Where.Line)));

        var unowned = report.Recommendations.Where(r => r.Action == RecommendationActions.Image).OrderBy(r => r.Package.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(["openssl", "zlib"], unowned.Select(r => r.Package.Name));
        Assert.All(unowned, r => Assert.Equal((null, "acr.example.io/app-12", "unknown", 2), (r.Owner!.Repository, r.Owner.ImageRepository, r.Where.Kind, r.Pods)));
        Assert.Equal("Update openssl to 3.0.14-1~deb12u2 in the images of acr.example.io/app-12", unowned[0].Title);
    }

    [Fact]
    public async Task A_finding_without_a_fix_is_one_group_over_every_image_that_runs_it()
    {
        var report = await RecommendAsync();
        var glibc = Assert.Single(report.NoFix);
        Assert.Equal("glibc", glibc.Package.Name);
        Assert.Equal(["libc6"], glibc.Package.BinaryPackages);
        Assert.Equal(["CVE-2024-1004"], glibc.Vulnerabilities.Select(v => v.Id));
        Assert.Equal((13, 26, 13, 6), (glibc.Images.Count, glibc.Pods, glibc.Workloads.Count, glibc.InternetExposedPods));
        Assert.Equal("No fix available for glibc (Debian, 1 CVE): mitigate on 26 pods", glibc.Title);
        Assert.Contains("Owners: acr.example.io/app-12, github.com/acme/ledger, github.com/acme/payments, github.com/acme/search.", glibc.Change.Notes);
    }

    [Fact]
    public async Task Each_CVE_is_scored_on_the_image_with_the_largest_blast_radius_that_holds_it()
    {
        var report = await RecommendAsync();
        var payments = Assert.Single(report.Recommendations, r => r.Owner!.Repository == Owners[0] && r.Action == RecommendationActions.BaseImage && r.Package.Name == "openssl");
        // Image 3 (internet-facing production, base layer 1) holds only CVE-2024-1002; CVE-2024-1001 is in images 0 and 6
        // (base layer 0), and its priority is the one it has in image 0 (production, not exposed), not in image 3.
        var engine = new TraceEngine(_store);
        var inImage0 = (await engine.TraceAsync(Digest(0))).Findings.Single(f => f.Vulnerability.Id == "CVE-2024-1001" && f.Package.Name == "libssl3").Priority;
        var inImage3 = (await engine.TraceAsync(Digest(3))).Findings.Single(f => f.Vulnerability.Id == "CVE-2024-1002" && f.Package.Name == "libssl3").Priority;
        Assert.Equal(inImage0.Score, payments.Vulnerabilities.Single(v => v.Id == "CVE-2024-1001").Priority);
        Assert.Equal(inImage3.Score, payments.Vulnerabilities.Single(v => v.Id == "CVE-2024-1002").Priority);
        Assert.True(inImage3.Score > inImage0.Score);
        Assert.Equal((inImage3.Score, "CVE-2024-1002", Digest(3)), (payments.Priority.Score, payments.Priority.TopVulnerability, payments.Priority.TopImage));
        Assert.Equal(inImage3.Factors, payments.Priority.Factors);
        Assert.Equal(Math.Round(inImage0.Score + inImage3.Score, 1), payments.Priority.Sum);
    }

    public static TheoryData<string, string?, string?, int?> Queries => new()
    {
        { "estate", null, null, null },
        { "estate", null, null, 3 },
        { "estate", "dev", null, null },
        { "estate", null, "https://github.com/acme/ledger.git", null },
        { "duplicates", null, null, null },
        { "duplicates", "prod", null, 5 },
        { "duplicates", null, "github.com/acme/search", null },
        { "duplicates with exploit signals", null, null, null },
        { "duplicates with exploit signals", "dev", null, 2 },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task The_aggregated_report_is_the_report_of_tracing_each_running_image_one_by_one(string estate, string? cluster, string? repository, int? limit)
    {
        var store = estate == "estate" ? _store : _duplicates;
        var advisories = estate.EndsWith("signals", StringComparison.Ordinal) ? _advisories : null;
        var query = new RecommendationQuery(cluster, repository, limit);
        var aggregated = await new Recommender(store, EcosystemVersionOrder.Instance, advisories).RecommendAsync(query);
        var running = cluster switch
        {
            "prod" => AllDigests.Take(6).ToList(),
            "dev" => AllDigests.Skip(6).ToList(),
            _ => AllDigests,
        };
        var reference = await ReferenceRecommender.RecommendAsync(store, running, query, advisories);
        Assert.NotEmpty(reference.Recommendations);
        Assert.Equal(JsonSerializer.Serialize(reference.Scope), JsonSerializer.Serialize(aggregated.Scope));
        Assert.Equal(reference.Recommendations.Count, aggregated.Recommendations.Count);
        for (var i = 0; i < reference.Recommendations.Count; i++)
        {
            Assert.Equal(JsonSerializer.Serialize(reference.Recommendations[i]), JsonSerializer.Serialize(aggregated.Recommendations[i]));
        }

        Assert.Equal(JsonSerializer.Serialize(reference.NoFix), JsonSerializer.Serialize(aggregated.NoFix));
        Assert.Equal(JsonSerializer.Serialize(reference.Findings), JsonSerializer.Serialize(aggregated.Findings));
        Assert.Equal(reference.Scope.Findings, aggregated.Findings!.ByLevel.Values.Sum());
        Assert.Equal(Math.Min(RecommendationSummaryTop, reference.Scope.Findings), aggregated.Findings.Top.Count);
        if (advisories is not null)
        {
            var glibc = Assert.Single(aggregated.NoFix).Vulnerabilities.Single();
            Assert.Equal(0.2, glibc.Epss!.Score);
            Assert.True(limit is not null || aggregated.Recommendations.SelectMany(r => r.Vulnerabilities).Any(v => v.Kev is { CveId: "CVE-2024-1002", Ransomware: true }));
        }
    }

    [Theory]
    [InlineData("estate", null)]
    [InlineData("duplicates", null)]
    [InlineData("duplicates with exploit signals", "dev")]
    public async Task Listed_running_findings_are_the_findings_of_tracing_each_running_image_with_the_same_priority(string estate, string? cluster)
    {
        var store = estate == "estate" ? _store : _duplicates;
        var advisories = estate.EndsWith("signals", StringComparison.Ordinal) ? _advisories : null;
        var rows = await new Recommender(store, EcosystemVersionOrder.Instance, advisories).ListFindingsAsync(cluster);

        // The reference: every running image traced one by one, a scanner's finding and Tether's own match of the same
        // package version in one image counted once (the more urgent one), most urgent first.
        var traced = new List<FindingTrace>();
        var engine = new TraceEngine(store, advisories);
        foreach (var digest in cluster == "dev" ? AllDigests.Skip(6) : AllDigests)
        {
            traced.AddRange((await engine.TraceAsync(digest)).Findings.Where(f => f.BlastRadius.Pods > 0));
        }

        var seen = new HashSet<(string, string, string, string)>();
        var expected = traced
            .OrderByDescending(f => f.Priority.Score).ThenBy(f => f.Vulnerability.Id, StringComparer.Ordinal).ThenBy(f => f.Package.Name, StringComparer.Ordinal)
            .Where(f => seen.Add((f.Registry!.Digest, f.Vulnerability.Id, f.Package.Name, f.Package.Version)))
            .OrderByDescending(f => f.Priority.Score).ThenBy(f => f.Vulnerability.Id, StringComparer.Ordinal).ThenBy(f => f.Package.Name, StringComparer.Ordinal)
            .ThenBy(f => f.Package.Version, StringComparer.Ordinal).ThenBy(f => f.Registry!.Digest, StringComparer.Ordinal)
            .Select(f => (f.Registry!.Digest, f.Vulnerability.Id, f.Package.Name, f.Package.Version, f.BlastRadius.Pods, JsonSerializer.Serialize(f.Priority)))
            .ToList();
        Assert.True(expected.Count > 10, $"{expected.Count} findings");
        Assert.Equal(expected, rows.Select(r => (r.Finding.Image, r.Finding.Vulnerability, r.Finding.Package, r.Finding.Version, r.Finding.Pods,
            JsonSerializer.Serialize(r.Priority(Tether.Core.Risk.RiskSettings.Default.Weights)))));
        Assert.All(rows, r => Assert.Equal(r.Priority(Tether.Core.Risk.RiskSettings.Default.Weights).Level, r.Finding.Level));
    }

    [Fact]
    public async Task Store_reads_are_set_wise_whatever_the_number_of_images()
    {
        async Task<(int Images, int Calls)> CallsAsync(string? cluster)
        {
            var (store, counter) = CountingStoreProxy.Wrap(_duplicates);
            var report = await new Recommender(store, EcosystemVersionOrder.Instance).RecommendAsync(new RecommendationQuery(cluster));
            return (report.Scope.RunningImages, counter.Calls);
        }

        var prod = await CallsAsync("prod");
        var all = await CallsAsync(null);
        Assert.Equal((6, 13), (prod.Images, all.Images));
        // Each link type is read once for all images (40 reads here); tracing image by image would read every chain and
        // finding link again for each image.
        Assert.True(all.Calls <= prod.Calls, $"{all.Calls} store calls for 13 images, {prod.Calls} for 6");
        Assert.InRange(all.Calls, 10, 50);
    }

    [Fact]
    public async Task Duplicate_findings_count_once_and_unnamed_source_packages_merge()
    {
        var report = await new Recommender(_duplicates, EcosystemVersionOrder.Instance).RecommendAsync(new RecommendationQuery());
        // 66 as without duplicates, plus curl in image 3 and libssl3 and openssl for CVE-2024-9999 in image 5.
        Assert.Equal(69, report.Scope.Findings);
        // Image 5's scanner findings name no source package, but libssl3 shares the fix of CVE-2024-9999 with openssl, whose
        // matches name source openssl: one action for the owner's base image, named by the source and the unnamed binary.
        var merged = Assert.Single(report.Recommendations, r => r.Vulnerabilities.Any(v => v.Id == "CVE-2024-9999"));
        Assert.Equal((Owners[2], RecommendationActions.BaseImage, "openssl, libssl3", "3.0.15-1~deb12u1"), (merged.Owner!.Repository!, merged.Action, merged.Package.Name, merged.Package.TargetVersion));
        Assert.Equal(["libssl3", "openssl"], merged.Package.BinaryPackages);
        Assert.Equal(["CVE-2024-1001", "CVE-2024-1002", "CVE-2024-9999"], merged.Vulnerabilities.Select(v => v.Id).Order(StringComparer.Ordinal));
        Assert.Contains(merged.Notes, n => n.StartsWith("The scanner did not name the source package", StringComparison.Ordinal));
        var curl = Assert.Single(report.Recommendations, r => r.Package.Name == "curl");
        Assert.Equal((RecommendationActions.Image, Owners[0], "7.88.1-10+deb12u6"), (curl.Action, curl.Owner!.Repository!, curl.Package.TargetVersion));
    }
}

/// <summary>Counts the store calls of whatever it wraps (any <see cref="Tether.Core.Graph.IGraphStore"/> method), so reads can be shown set-wise.</summary>
public class CountingStoreProxy : System.Reflection.DispatchProxy
{
    public object Inner { get; set; } = null!;

    public int Calls { get; private set; }

    public static (Tether.Core.Graph.IGraphStore Store, CountingStoreProxy Counter) Wrap(Tether.Core.Graph.IGraphStore inner)
    {
        var store = Create<Tether.Core.Graph.IGraphStore, CountingStoreProxy>();
        var counter = (CountingStoreProxy)(object)store;
        counter.Inner = inner;
        return (store, counter);
    }

    protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
    {
        Calls++;
        try
        {
            return targetMethod!.Invoke(Inner, args);
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
