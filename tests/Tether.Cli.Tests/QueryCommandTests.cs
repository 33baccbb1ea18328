using System.Text.Json;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

/// <summary>
/// `tether query` on the demo store. Expectations come from samples/demo: payments-api (CVE-2024-6119 MEDIUM,
/// CVE-2024-45490 HIGH with CVSS AV:N/PR:N/C:H/I:H, CVE-2024-45296 HIGH) runs 50 exposed production pods and one test
/// pod; internal-reports (CVE-2024-45490) runs one pod in aks-test-weu/tools; no container is privileged and both images
/// have provenance and run.
/// </summary>
public sealed class QueryCommandTests : IClassFixture<DemoAndTraceContractTests.DemoStore>
{
    private const string PaymentsDigest = "sha256:87e8b3b9d55f017a21acace182aead00b05ab9281dd83cb2c07f5a62d0610a10";
    private readonly DemoAndTraceContractTests.DemoStore _demo;

    public QueryCommandTests(DemoAndTraceContractTests.DemoStore demo) => _demo = demo;

    [Theory]
    [InlineData("production-images-with-high-vulnerabilities", 1, PaymentsDigest)]
    [InlineData("exposed-pods-with-rce", 50, "aks-prod-weu/payments/payments-api-")]
    [InlineData("namespaces-with-vulnerable-pods", 3, "aks-prod-weu/payments|aks-test-weu/payments-test|aks-test-weu/tools")]
    [InlineData("privileged-containers-with-critical-vulnerabilities", 0, "")]
    [InlineData("running-images-without-provenance", 0, "")]
    [InlineData("pushed-images-never-deployed", 0, "")]
    [InlineData("workloads-running-superseded-images", 0, "")]
    public async Task Templates_return_the_demo_entities(string template, int total, string keys)
    {
        var result = await TetherProcess.RunAsync("query", "--template", template, "--db", _demo.Db, "-o", "json", "--limit", "100");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("key").GetString()!).ToList();
        Assert.Equal(total, json.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(total, rows.Count);
        if (keys.Contains('|', StringComparison.Ordinal) || keys.StartsWith("sha256:", StringComparison.Ordinal))
        {
            Assert.Equal(keys.Split('|'), rows);
        }
        else
        {
            Assert.All(rows, r => Assert.StartsWith(keys, r, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_production_template_explains_each_row()
    {
        var result = await TetherProcess.RunAsync("query", "--template", "production-images-with-high-vulnerabilities", "--db", _demo.Db, "-o", "json");
        using var json = JsonDocument.Parse(result.Stdout);
        var evidence = json.RootElement.GetProperty("rows")[0].GetProperty("evidence").EnumerateArray()
            .ToDictionary(e => e.GetProperty("relation").GetString()!, e => e);
        Assert.Equal(50, evidence["runs_on"].GetProperty("count").GetInt32());
        Assert.Equal("github.com/contoso/payments-api", evidence["pushed_by"].GetProperty("matches")[0].GetProperty("key").GetString());
        Assert.Equal(["CVE-2024-45296", "CVE-2024-45490"], evidence["vulnerabilities"].GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("key").GetString()!).ToArray());
    }

    [Fact]
    public async Task A_malformed_query_exits_2_with_its_position()
    {
        var result = await TetherProcess.RunAsync("query", "images where vulnerabilities(severity >= hgh)", "--db", _demo.Db);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("1:42: unknown severity 'hgh'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("\n" + new string(' ', 41) + "^", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_query_file_runs_like_its_text()
    {
        using var dir = new TempDirectory();
        var file = dir.File("q.json");
        await File.WriteAllTextAsync(file, """{"entity":"namespaces","where":{"relation":"pods","query":{"where":{"property":"environment","op":"=","value":"production"}}}}""");
        var result = await TetherProcess.RunAsync("query", "--file", file, "--db", _demo.Db, "-o", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("namespaces where pods(environment = production)", json.RootElement.GetProperty("query").GetString());
        Assert.Equal(["aks-prod-weu/payments"], json.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("key").GetString()!).ToArray());
    }

    [Fact]
    public async Task Templates_are_listed_with_their_queries()
    {
        var result = await TetherProcess.RunAsync("query", "--list-templates", "-o", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(7, json.RootElement.GetArrayLength());
        Assert.Equal("exposed-pods-with-rce", json.RootElement[1].GetProperty("name").GetString());
    }
}
