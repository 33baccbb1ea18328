using System.Text.Json;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

/// <summary>`tether recommend` on the demo store: the exact fix actions, in every output format and with each filter.</summary>
public sealed class RecommendCommandTests : IClassFixture<RecommendCommandTests.DemoStore>
{
    private const string PaymentsDigest = "sha256:87e8b3b9d55f017a21acace182aead00b05ab9281dd83cb2c07f5a62d0610a10";
    private const string ReportsDigest = "sha256:9268ddc81dbaff8082f43be9e138ac5c7b52b7b02c9b7530bf100119dc504f83";
    private readonly DemoStore _demo;

    public RecommendCommandTests(DemoStore demo) => _demo = demo;

    [Fact]
    public async Task The_demo_yields_four_fix_actions_ranked_by_priority_with_owner_line_target_and_command()
    {
        using var json = await JsonAsync();
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("scope").GetProperty("runningImages").GetInt32());
        Assert.Equal(5, root.GetProperty("scope").GetProperty("findings").GetInt32());
        Assert.Equal(0, root.GetProperty("noFix").GetArrayLength());
        var actual = root.GetProperty("recommendations").EnumerateArray().Select(r => (
            Rank: r.GetProperty("rank").GetInt32(),
            Action: r.GetProperty("action").GetString(),
            Owner: r.GetProperty("owner").GetProperty("repository").GetString(),
            Package: r.GetProperty("package").GetProperty("name").GetString(),
            Target: r.GetProperty("package").GetProperty("targetVersion").GetString(),
            Line: r.GetProperty("where").GetProperty("line").ValueKind == JsonValueKind.Number ? r.GetProperty("where").GetProperty("line").GetInt32() : (int?)null,
            Cves: string.Join(",", r.GetProperty("vulnerabilities").EnumerateArray().Select(v => v.GetProperty("id").GetString())),
            Pods: r.GetProperty("pods").GetInt32(),
            Command: r.GetProperty("change").GetProperty("commands")[0].GetString())).ToList();
        Assert.Equal(
            [
                (1, "base-image", "github.com/contoso/payments-api", "libexpat1", "2.5.0-1+deb12u1", 1, "CVE-2024-45490", 51, "docker pull debian:12-slim"),
                (2, "language-package", "github.com/contoso/payments-api", "path-to-regexp", "0.1.10", 5, "CVE-2024-45296", 51, "npm install path-to-regexp@0.1.10"),
                (3, "base-image", "github.com/contoso/payments-api", "libssl3, openssl", "3.0.14-1~deb12u2", 1, "CVE-2024-6119", 51, "docker pull debian:12-slim"),
                (4, "image", "github.com/contoso/internal-reports", "libexpat1", "2.5.0-1+deb12u1", null, "CVE-2024-45490", 1, "apt-get update && apt-get install -y --only-upgrade libexpat1"),
            ],
            actual);
    }

    [Fact]
    public async Task A_base_image_action_names_the_FROM_line_commit_run_workloads_and_the_reason_for_its_rank()
    {
        using var json = await JsonAsync();
        var openssl = json.RootElement.GetProperty("recommendations")[2];
        Assert.Equal("Update libssl3, openssl to 3.0.14-1~deb12u2 in base image debian:12-slim (Dockerfile line 1 of github.com/contoso/payments-api)", openssl.GetProperty("title").GetString());
        var where = openssl.GetProperty("where");
        Assert.Equal("FROM debian:12-slim", where.GetProperty("instruction").GetString());
        Assert.Equal("https://github.com/contoso/payments-api/blob/5e7c2a9f1d3b4c6e8a0f2d4b6c8e0a2f4d6b8c0e/Dockerfile#L1", where.GetProperty("url").GetString());
        Assert.Equal("https://github.com/contoso/payments-api/actions/runs/12790345521/attempts/1", where.GetProperty("pipelineRunUrl").GetString());
        Assert.Equal(["libssl3", "openssl"], openssl.GetProperty("package").GetProperty("binaryPackages").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["aks-prod-weu", "aks-test-weu"], openssl.GetProperty("clusters").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(50, openssl.GetProperty("internetExposedPods").GetInt32());
        Assert.Equal([("aks-prod-weu", "payments-api", 50), ("aks-test-weu", "payments-api", 1)],
            openssl.GetProperty("workloads").EnumerateArray().Select(w => (w.GetProperty("cluster").GetString(), w.GetProperty("name").GetString(), w.GetProperty("pods").GetInt32())));
        Assert.Equal([PaymentsDigest], openssl.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("digest").GetString()));
        var priority = openssl.GetProperty("priority");
        Assert.Equal("CRITICAL", priority.GetProperty("level").GetString());
        Assert.Equal(85.6, priority.GetProperty("score").GetDouble());
        Assert.StartsWith("CVE-2024-6119 in libssl3 on acrcontoso.azurecr.io/payments-api:1.8.0 is CRITICAL 85.6: severity MEDIUM (CVSS 7.5) (+20), environment 50 production pod(s) (+20)", priority.GetProperty("why").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_select_one_owner_one_cluster_or_the_top_actions()
    {
        using var reports = await JsonAsync("--repository", "https://github.com/contoso/internal-reports");
        var only = Assert.Single(reports.RootElement.GetProperty("recommendations").EnumerateArray().ToList());
        Assert.Equal([ReportsDigest], only.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("digest").GetString()));

        using var prod = await JsonAsync("--cluster", "aks-prod-weu");
        Assert.Equal(1, prod.RootElement.GetProperty("scope").GetProperty("runningImages").GetInt32());
        Assert.Equal(3, prod.RootElement.GetProperty("recommendations").GetArrayLength());

        using var top = await JsonAsync("--limit", "1");
        Assert.Equal("libexpat1", Assert.Single(top.RootElement.GetProperty("recommendations").EnumerateArray().ToList()).GetProperty("package").GetProperty("name").GetString());
        Assert.Equal(4, top.RootElement.GetProperty("scope").GetProperty("fixActions").GetInt32());
    }

    [Fact]
    public async Task Markdown_renders_each_action_as_an_issue_and_the_table_lists_them()
    {
        var markdown = await TetherProcess.RunAsync("recommend", "--db", _demo.Db, "-o", "markdown");
        Assert.Equal(0, markdown.ExitCode);
        Assert.StartsWith("# Recommendations", markdown.Stdout, StringComparison.Ordinal);
        Assert.Contains("# 4. Update libexpat1 to 2.5.0-1+deb12u1 in the images of github.com/contoso/internal-reports", markdown.Stdout, StringComparison.Ordinal);
        Assert.Contains("- Dockerfile: [Dockerfile line 5](https://github.com/contoso/payments-api/blob/5e7c2a9f1d3b4c6e8a0f2d4b6c8e0a2f4d6b8c0e/Dockerfile#L5): `RUN npm ci --omit=dev`", markdown.Stdout, StringComparison.Ordinal);
        Assert.Contains("npm install path-to-regexp@0.1.10\n```", markdown.Stdout, StringComparison.Ordinal);
        Assert.Contains("- [ ] `tether trace CVE-2024-6119` shows no running pods in `aks-prod-weu`, `aks-test-weu`.", markdown.Stdout, StringComparison.Ordinal);

        var table = await TetherProcess.RunAsync("recommend", "--db", _demo.Db);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("rebuild on the latest debian:12-slim", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 running images, 5 findings: 4 fix actions, 0 packages with no fix available", table.Stdout, StringComparison.Ordinal);
    }

    private async Task<JsonDocument> JsonAsync(params string[] args)
    {
        var result = await TetherProcess.RunAsync(["recommend", "--db", _demo.Db, "-o", "json", .. args]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout);
    }

    /// <summary>One demo store shared by the class.</summary>
    public sealed class DemoStore : IAsyncLifetime
    {
        private readonly TempDirectory _dir = new();

        public string Db => _dir.File("demo.db");

        public async Task InitializeAsync()
        {
            var demo = await TetherProcess.RunAsync("demo", "--db", Db, "-o", "json");
            Assert.Equal(0, demo.ExitCode);
        }

        public Task DisposeAsync()
        {
            _dir.Dispose();
            return Task.CompletedTask;
        }
    }
}
