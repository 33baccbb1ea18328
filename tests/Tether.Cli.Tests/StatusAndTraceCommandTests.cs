using System.Text.Json;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

public sealed class StatusAndTraceCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Reading_commands_refuse_a_store_that_does_not_exist_and_create_nothing()
    {
        var db = _dir.File("typo/tether.db");
        foreach (var args in new[] { new[] { "status", "--db", db }, ["trace", "CVE-2024-6119", "--db", db] })
        {
            var result = await TetherProcess.RunAsync(args);
            Assert.Equal(5, result.ExitCode);
            Assert.Contains("no Tether store here", result.Stderr, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(_dir.File("typo")));
    }

    [Fact]
    public async Task Status_reports_what_an_ingest_stored_as_json()
    {
        var db = await StoreWithOneServiceAccountAsync();

        var result = await TetherProcess.RunAsync("status", "--db", db, "--output", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(db, json.RootElement.GetProperty("store").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("nodes").GetProperty("service_account").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("nodes").GetProperty("cluster").GetInt64());
    }

    [Fact]
    public async Task Tracing_something_unknown_exits_3_with_one_line_saying_how_to_add_it()
    {
        var result = await TetherProcess.RunAsync("trace", "CVE-2099-0001", "--db", await StoreWithOneServiceAccountAsync());

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("error: CVE-2099-0001: no finding", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("tether ingest report", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminal_control_sequences_in_a_report_never_reach_the_terminal()
    {
        var report = _dir.File("hostile.trivy.json");
        var digest = "sha256:" + new string('e', 64);
        await File.WriteAllTextAsync(report, $$"""
            {"SchemaVersion": 2, "ArtifactName": "reg.example.com/app:1", "ArtifactType": "container_image",
             "Metadata": {"RepoDigests": ["reg.example.com/app@{{digest}}"], "DiffIDs": []},
             "Results": [{"Target": "app", "Class": "lang-pkgs", "Type": "npm", "Vulnerabilities": [
               {"VulnerabilityID": "CVE-2024-1111\u001b[2J\u001b]0;owned\u0007", "PkgName": "evil\u001b[31m", "InstalledVersion": "1.0.0",
                "Severity": "HIGH", "Title": "x\u009b31m"}]}]}
            """);
        var db = _dir.File("hostile.db");
        var ingest = await TetherProcess.RunAsync("ingest", "report", report, "--db", db);
        Assert.Equal(0, ingest.ExitCode);

        foreach (var format in new[] { "table", "markdown" })
        {
            var result = await TetherProcess.RunAsync("trace", digest, "--db", db, "-o", format);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("evil", result.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', result.Stdout);
            Assert.DoesNotContain('\u0007', result.Stdout);
            Assert.DoesNotContain('\u009b', result.Stdout);
        }
    }

    [Fact]
    public async Task A_store_path_that_cannot_be_created_exits_5()
    {
        var blocker = _dir.File("file");
        await File.WriteAllTextAsync(blocker, "x");
        var result = await TetherProcess.RunAsync("ingest", "k8s", "--cluster", "c1", TestData.Shared("kubernetes", "serviceaccount-default.json"), "--db", Path.Combine(blocker, "sub", "t.db"));

        Assert.Equal(5, result.ExitCode);
        Assert.StartsWith("error:", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[null]}}]}""", "$.items[0].spec.containers[0]")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[{"name":"c","livenessProbe":{"httpGet":{"port":{}}}}]}}""", "$.spec.containers[0].livenessProbe.httpGet.port")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"c","namespace":"a/b"}}""", "$.metadata.namespace")]
    public async Task Hostile_Kubernetes_files_exit_2_naming_the_file_and_field_and_store_nothing(string json, string field)
    {
        var file = _dir.File("hostile.json");
        await File.WriteAllTextAsync(file, json);
        var db = _dir.File("k.db");

        var result = await TetherProcess.RunAsync("ingest", "k8s", "--cluster", "demo", file, "--db", db);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {file}: {field}: ", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task Help_lists_the_exit_codes()
    {
        var result = await TetherProcess.RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("3 not found", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("trace", result.Stdout, StringComparison.Ordinal);
    }

    private async Task<string> StoreWithOneServiceAccountAsync()
    {
        var db = _dir.File($"{Guid.NewGuid():N}.db");
        var ingest = await TetherProcess.RunAsync("ingest", "k8s", "--cluster", "c1", TestData.Shared("kubernetes", "serviceaccount-default.json"), "--db", db);
        Assert.Equal(0, ingest.ExitCode);
        return db;
    }

    public void Dispose() => _dir.Dispose();
}
