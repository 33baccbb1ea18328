using Tether.Core.Recommend;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Tether.Vulnerabilities.Versions;
using Xunit;
using static Tether.Core.Tests.Recommend.RecommendationGraph;

namespace Tether.Core.Tests.Recommend;

/// <summary>Grouping, targets, ranking and filters of the recommender on <see cref="RecommendationGraph"/>.</summary>
public sealed class RecommenderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private Tether.Core.Graph.IGraphStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteGraphStore.OpenAsync(_dir.File("recommend.db"), new ManualClock(Now));
        await _store.IngestAsync(Build(Now));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    private Task<RecommendationReport> RecommendAsync(RecommendationQuery? query = null) =>
        new Recommender(_store, EcosystemVersionOrder.Instance).RecommendAsync(query ?? new RecommendationQuery());

    [Fact]
    public async Task Two_CVEs_of_one_source_package_are_one_action_to_the_higher_fixed_version_by_dpkg_order()
    {
        var report = await RecommendAsync();
        var action = Assert.Single(report.Recommendations, r => r.Owner!.Repository == Payments && r.Action == RecommendationActions.BaseImage);
        Assert.Equal("openssl", action.Package.Name);
        Assert.Equal("openssl", action.Package.SourcePackage);
        Assert.Equal(["libssl3", "openssl"], action.Package.BinaryPackages);
        Assert.Equal("3.0.14-1~deb12u2", action.Package.TargetVersion); // ordinal text order would say 3.0.9-1
        Assert.Equal(["3.0.9-1", "3.0.14-1~deb12u2"], action.Package.FixedVersions);
        Assert.Equal(["CVE-2024-1001", "CVE-2024-1002"], action.Vulnerabilities.Select(v => v.Id).Order(StringComparer.Ordinal));
        Assert.Equal("3.0.9-1", action.Vulnerabilities.Single(v => v.Id == "CVE-2024-1001").FixedVersion);
        Assert.Equal("Update openssl to 3.0.14-1~deb12u2 in base image debian:12-slim (Dockerfile line 1 of github.com/acme/payments)", action.Title);
        Assert.Equal(1, action.Where.Line);
        Assert.Equal("FROM debian:12-slim", action.Where.Instruction);
        Assert.Equal("https://github.com/acme/payments/blob/1111111111111111111111111111111111111111/Dockerfile#L1", action.Where.Url);
        Assert.Equal("https://github.com/acme/payments/actions/runs/9002/attempts/1", action.Where.PipelineRunUrl);
        Assert.Equal(["docker pull debian:12-slim", "docker build --pull --no-cache -f Dockerfile .", "docker run --rm debian:12-slim dpkg-query -W libssl3 openssl"], action.Change.Commands);
        Assert.Equal(3, action.Pods);
        Assert.Equal(3, action.InternetExposedPods);
        Assert.Equal(["aks-prod"], action.Clusters);
        var workload = Assert.Single(action.Workloads);
        Assert.Equal(("aks-prod", "payments", "Deployment", "payments", 3, true, "production"), (workload.Cluster, workload.Namespace, workload.Kind, workload.Name, workload.Pods, workload.InternetExposed, workload.Environment));
        Assert.Equal([ImageA], action.Images.Select(i => i.Digest));
        Assert.Equal("acr.example.io/payments:1.0.0", action.Images[0].Reference);
    }

    [Fact]
    public async Task The_same_source_package_in_the_base_image_and_in_the_own_layer_are_two_actions()
    {
        var report = await RecommendAsync();
        var payments = report.Recommendations.Where(r => r.Owner!.Repository == Payments).ToList();
        Assert.Equal([RecommendationActions.BaseImage, RecommendationActions.OsPackage], payments.Select(r => r.Action));
        var own = payments[1];
        Assert.Equal(["libssl-dev"], own.Package.BinaryPackages);
        Assert.Equal("3.0.14-1~deb12u2", own.Package.TargetVersion);
        Assert.Equal(2, own.Where.Line);
        Assert.Equal("RUN apt-get update && apt-get install -y libssl-dev", own.Where.Instruction);
        Assert.Equal(["apt-get update && apt-get install -y --only-upgrade libssl-dev"], own.Change.Commands);
        Assert.Equal("Update openssl to 3.0.14-1~deb12u2 installed by Dockerfile line 2 of github.com/acme/payments", own.Title);
    }

    [Fact]
    public async Task Two_repositories_on_one_base_image_get_one_action_each()
    {
        var report = await RecommendAsync();
        var baseActions = report.Recommendations.Where(r => r.Action == RecommendationActions.BaseImage).ToList();
        Assert.Equal([Payments, Ledger], baseActions.Select(r => r.Owner!.Repository));
        Assert.All(baseActions, r => Assert.Equal("3.0.14-1~deb12u2", r.Package.TargetVersion));
        Assert.Equal([ImageB], baseActions[1].Images.Select(i => i.Digest));
        Assert.Equal(["kind-dev"], baseActions[1].Clusters);
        Assert.NotEqual(baseActions[0].Id, baseActions[1].Id);
    }

    [Fact]
    public async Task A_language_package_is_bumped_with_its_package_manager_at_the_line_that_installs_it()
    {
        var report = await RecommendAsync();
        var lodash = Assert.Single(report.Recommendations, r => r.Action == RecommendationActions.LanguagePackage);
        Assert.Equal(Ledger, lodash.Owner!.Repository);
        Assert.Equal(("npm", "lodash", "4.17.21"), (lodash.Package.Ecosystem, lodash.Package.Name, lodash.Package.TargetVersion));
        Assert.Equal(4, lodash.Where.Line);
        Assert.Equal(["npm install lodash@4.17.21"], lodash.Change.Commands);
    }

    [Fact]
    public async Task Findings_without_a_fix_are_one_mitigation_group_per_package_with_their_exposure()
    {
        var report = await RecommendAsync();
        var group = Assert.Single(report.NoFix);
        Assert.Equal(RecommendationActions.Mitigate, group.Action);
        Assert.Null(group.Owner);
        Assert.Equal("openssl", group.Package.Name);
        Assert.Null(group.Package.TargetVersion);
        Assert.Equal(["CVE-2024-1003"], group.Vulnerabilities.Select(v => v.Id));
        Assert.Equal([ImageA, ImageB], group.Images.Select(i => i.Digest));
        Assert.Equal(4, group.Pods);
        Assert.Equal("No fix available for openssl (Debian, 1 CVE): mitigate on 4 pods", group.Title);
        Assert.Contains(group.Change.Notes, n => n.StartsWith("3 pod(s) are reachable from outside the cluster (Service/LoadBalancer payments/payments-lb)", StringComparison.Ordinal));
        Assert.Contains("Owners: github.com/acme/ledger, github.com/acme/payments.", group.Change.Notes);
        Assert.DoesNotContain(report.Recommendations, r => r.Vulnerabilities.Any(v => v.Id == "CVE-2024-1003"));
    }

    [Fact]
    public async Task Actions_rank_by_their_most_urgent_finding_then_by_the_total_they_remove()
    {
        var report = await RecommendAsync();
        Assert.Equal(
            [(Payments, RecommendationActions.BaseImage), (Payments, RecommendationActions.OsPackage), (Ledger, RecommendationActions.BaseImage), (Ledger, RecommendationActions.LanguagePackage)],
            report.Recommendations.Select(r => (r.Owner!.Repository!, r.Action)));
        Assert.Equal([1, 2, 3, 4], report.Recommendations.Select(r => r.Rank));
        var (ledgerBase, lodash) = (report.Recommendations[2], report.Recommendations[3]);
        // Both top out at a HIGH on the same dev pod; the base image also removes a MEDIUM.
        Assert.Equal(ledgerBase.Priority.Score, lodash.Priority.Score);
        Assert.True(ledgerBase.Priority.Sum > lodash.Priority.Sum);
        var top = report.Recommendations[0].Priority;
        Assert.Equal("CVE-2024-1001", top.TopVulnerability);
        Assert.StartsWith("CVE-2024-1001 in libssl3 on acr.example.io/payments:1.0.0 is ", top.Why, StringComparison.Ordinal);
        Assert.Matches(@"internet exposure 3 pod\(s\) reachable from outside the cluster via [^()]+ \(\+15\)", top.Why);
        Assert.Contains(top.Factors, f => f.Name == "environment" && f.Contribution == 20);
        Assert.Equal((4, 1), (report.Scope.FixActions, report.Scope.NoFixGroups));
    }

    [Fact]
    public async Task Repository_cluster_and_limit_filters_narrow_the_actions()
    {
        var ledger = await RecommendAsync(new RecommendationQuery(Repository: "https://github.com/acme/ledger.git"));
        Assert.All(ledger.Recommendations, r => Assert.Equal(Ledger, r.Owner!.Repository));
        Assert.Equal(2, ledger.Recommendations.Count);

        var dev = await RecommendAsync(new RecommendationQuery(Cluster: "kind-dev"));
        Assert.Equal(1, dev.Scope.RunningImages);
        Assert.All(dev.Recommendations, r => Assert.Equal([ImageB], r.Images.Select(i => i.Digest)));

        var top = await RecommendAsync(new RecommendationQuery(Limit: 1));
        var only = Assert.Single(top.Recommendations);
        Assert.Equal((Payments, RecommendationActions.BaseImage), (only.Owner!.Repository!, only.Action));
        Assert.Equal(4, top.Scope.FixActions);
    }

    [Fact]
    public async Task The_issue_markdown_says_what_why_where_the_command_and_how_to_verify()
    {
        var report = await RecommendAsync();
        var issue = RecommendationMarkdown.Issue(report.Recommendations[0]);
        Assert.Equal("Update openssl to 3.0.14-1~deb12u2 in base image debian:12-slim (Dockerfile line 1 of github.com/acme/payments)", issue.Title);
        var lines = issue.Body.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("## What", lines);
        Assert.Contains("Removes **2 CVEs** (highest severity HIGH) from **1 image** running as **3 pods** in **1 workload** on **1 cluster** (`aks-prod`).", lines);
        Assert.Contains("- Package: `openssl` (Debian), installed as `libssl3`, `openssl`", lines);
        Assert.Contains("- Target: `3.0.14-1~deb12u2` or later", lines);
        Assert.Contains(lines, l => l.StartsWith("| `CVE-2024-1001` | HIGH | `3.0.9-1` | no | – | ", StringComparison.Ordinal)
            && l.Contains("[OSV](https://osv.dev/vulnerability/CVE-2024-1001) · [NVD](https://nvd.nist.gov/vuln/detail/CVE-2024-1001) · [advisory](https://security-tracker.debian.org/tracker/CVE-2024-1001)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("- Dockerfile: [Dockerfile line 1](https://github.com/acme/payments/blob/1111111111111111111111111111111111111111/Dockerfile#L1): `FROM debian:12-slim` (", StringComparison.Ordinal));
        Assert.Contains("- CI run: [.github/workflows/build.yml run \\#7](https://github.com/acme/payments/actions/runs/9002/attempts/1)", lines);
        Assert.Contains("| aks-prod | payments | Deployment/payments | 3 | production | yes |", lines);
        Assert.Contains("docker build --pull --no-cache -f Dockerfile .", lines);
        Assert.Contains("- [ ] `tether trace CVE-2024-1001` shows no running pods in `aks-prod`.", lines);
    }

    [Fact]
    public void Markdown_from_untrusted_values_cannot_inject_links_html_or_break_tables()
    {
        var hostile = new Recommendation(
            1, "rec-x", "Update [x](https://evil.example) <img src=x>", RecommendationActions.LanguagePackage,
            new RecommendationOwner("github.com/o/r", "javascript:alert(1)", null),
            new FixPackage("npm", "a|b`c\u001b[31m", null, ["a|b`c"], ["1.0.0"], "2.0.0", ["2.0.0"]),
            new FixLocation("unknown", null, null, null, null, null, null, null, null, null, null, null),
            new FixChange("do <script>", ["npm install x@2.0.0\n```\nrm -rf /"], []),
            new RecommendationPriority("LOW", 1, 1, "CVE-1", "sha256:x", [], "why"),
            [], [], [], 0, 0, [], []);
        var issue = RecommendationMarkdown.Issue(hostile);
        Assert.DoesNotContain("\u001b", issue.Title + issue.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", issue.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", issue.Body, StringComparison.Ordinal);
        Assert.Contains("`a¦b'c[31m`", issue.Body, StringComparison.Ordinal);
        Assert.Equal(2, issue.Body.Split("```", StringSplitOptions.None).Length - 1); // the command cannot close its block
    }
}
