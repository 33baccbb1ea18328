using System.Text.Json;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

/// <summary>
/// `tether demo` on a fresh store, then `tether trace` in every output format, checked against the
/// contract in DESIGN.md §4 and against the values in the bundled sample files.
/// </summary>
public sealed class DemoAndTraceContractTests : IClassFixture<DemoAndTraceContractTests.DemoStore>
{
    private const string PaymentsDigest = "sha256:87e8b3b9d55f017a21acace182aead00b05ab9281dd83cb2c07f5a62d0610a10";
    private readonly DemoStore _demo;

    public DemoAndTraceContractTests(DemoStore demo) => _demo = demo;

    [Fact]
    public void The_demo_prints_the_four_layer_trace_of_its_headline_CVE_and_the_priority_ranking()
    {
        var output = _demo.FirstRun.Stdout;
        Assert.Equal(0, _demo.FirstRun.ExitCode);
        Assert.Contains("CVE-2024-6119 (MEDIUM) in libssl3 3.0.11-1~deb12u2 → fixed in 3.0.14-1~deb12u2", output, StringComparison.Ordinal);
        Assert.Contains("aks-prod-weu/payments Deployment/payments-api: 50 pods (production; pii; exposed via Service/LoadBalancer payments/payments-api", output, StringComparison.Ordinal);
        Assert.Contains("aks-test-weu/payments-test Deployment/payments-api: 1 pod (test)", output, StringComparison.Ordinal);
        Assert.Contains(".github/workflows/build-deploy.yml · run #42 (12790345521, attempt 1) · push to main by mheller · ci-report", output, StringComparison.Ordinal);
        Assert.Contains("commit 5e7c2a9 by Maria Heller · Dockerfile line 1: FROM debian:12-slim", output, StringComparison.Ordinal);

        // The ranking: the MEDIUM on 50 exposed production pods comes before the HIGH on the single dev pod.
        var medium = output.IndexOf("│ CVE-2024-6119  │ MEDIUM", StringComparison.Ordinal);
        var devHigh = output.IndexOf("internal-reports:2.3.1", output.IndexOf("What matters most", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(medium > 0 && devHigh > medium, output);
    }

    [Fact]
    public async Task Running_the_demo_again_changes_nothing_but_the_last_seen_times()
    {
        var before = await CountsAsync();
        var again = await TetherProcess.RunAsync("demo", "--db", _demo.Db);
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotMatch(@"loaded .*: [1-9]\d* new", again.Stdout);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Trace_json_follows_the_contract_with_evidence_on_every_link()
    {
        var result = await TetherProcess.RunAsync("trace", "CVE-2024-6119", "--db", _demo.Db, "--output", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("vulnerability", root.GetProperty("target").GetProperty("kind").GetString());
        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(["libssl3", "openssl"], findings.Select(f => f.GetProperty("package").GetProperty("name").GetString()!).Order().ToArray());
        foreach (var finding in findings)
        {
            foreach (var key in new[] { "vulnerability", "package", "runtime", "registry", "pipeline", "source", "blastRadius", "priority", "gaps" })
            {
                Assert.True(finding.TryGetProperty(key, out _), $"finding lacks {key}");
            }

            var runtime = finding.GetProperty("runtime").EnumerateArray().ToList();
            Assert.Equal(51, runtime.Count);
            Assert.All(runtime, r => Assert.Equal("kubernetes-api", r.GetProperty("evidence").GetProperty("method").GetString()));
            Assert.Equal(PaymentsDigest, finding.GetProperty("registry").GetProperty("digest").GetString());
            var pipeline = finding.GetProperty("pipeline");
            Assert.Equal("12790345521", pipeline.GetProperty("runId").GetString());
            Assert.Equal("ci-report", pipeline.GetProperty("evidence").GetProperty("method").GetString());
            Assert.StartsWith("sha256:", pipeline.GetProperty("evidence").GetProperty("document").GetString(), StringComparison.Ordinal);
            var source = finding.GetProperty("source");
            Assert.Equal("5e7c2a9f1d3b4c6e8a0f2d4b6c8e0a2f4d6b8c0e", source.GetProperty("commit").GetString());
            Assert.Equal(1, source.GetProperty("dockerfile").GetProperty("line").GetInt32());
            var blast = finding.GetProperty("blastRadius");
            Assert.Equal(51, blast.GetProperty("pods").GetInt32());
            Assert.Equal(50, blast.GetProperty("internetExposedPods").GetInt32());
            Assert.Equal(50, blast.GetProperty("podsByEnvironment").GetProperty("production").GetInt32());
            Assert.Equal("CRITICAL", finding.GetProperty("priority").GetProperty("level").GetString());
            Assert.Equal(0, finding.GetProperty("gaps").GetArrayLength());
        }
    }

    [Fact]
    public async Task A_pod_trace_reaches_the_same_commit_and_a_missing_layer_is_null_with_a_gap()
    {
        var pod = await TetherProcess.RunAsync("trace", "pod/tools/internal-reports-7b5c6d9f8-qv7tz", "--db", _demo.Db, "-o", "json");
        Assert.Equal(0, pod.ExitCode);
        using var json = JsonDocument.Parse(pod.Stdout);
        var image = Assert.Single(json.RootElement.GetProperty("images").EnumerateArray().ToList());
        Assert.Equal("9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7a8b9c0", image.GetProperty("source").GetProperty("commit").GetString());
        Assert.Equal("unverified-provenance", image.GetProperty("pipeline").GetProperty("evidence").GetProperty("method").GetString());
        Assert.Equal("unverified", image.GetProperty("registry").GetProperty("attestations")[0].GetProperty("verification").GetString());
        Assert.Contains(image.GetProperty("gaps").EnumerateArray(), g => g.GetProperty("layer").GetString() == "source");
    }

    [Fact]
    public async Task Markdown_trace_is_ready_to_paste_with_links_to_run_commit_and_Dockerfile_line()
    {
        var result = await TetherProcess.RunAsync("trace", "acrcontoso.azurecr.io/payments-api:1.8.0", "--db", _demo.Db, "-o", "markdown", "--limit", "1");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("# Trace of `acrcontoso.azurecr.io/payments-api:1.8.0`", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("| Runtime |", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("[run](https://github.com/contoso/payments-api/actions/runs/12790345521/attempts/1)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("[commit](https://github.com/contoso/payments-api/commit/5e7c2a9f1d3b4c6e8a0f2d4b6c8e0a2f4d6b8c0e)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("/Dockerfile#L", result.Stdout, StringComparison.Ordinal);
    }

    private async Task<string> CountsAsync()
    {
        var status = await TetherProcess.RunAsync("status", "--db", _demo.Db, "-o", "json");
        using var json = JsonDocument.Parse(status.Stdout);
        return json.RootElement.GetProperty("nodes").GetRawText() + json.RootElement.GetProperty("edges").GetRawText();
    }

    /// <summary>One demo store shared by the class: the demo is run once, fresh.</summary>
    public sealed class DemoStore : IAsyncLifetime
    {
        private readonly TempDirectory _dir = new();

        public string Db => _dir.File("demo.db");

        public TetherProcess.Result FirstRun { get; private set; } = new(-1, "", "");

        public async Task InitializeAsync() => FirstRun = await TetherProcess.RunAsync("demo", "--db", Db);

        public Task DisposeAsync()
        {
            _dir.Dispose();
            return Task.CompletedTask;
        }
    }
}
