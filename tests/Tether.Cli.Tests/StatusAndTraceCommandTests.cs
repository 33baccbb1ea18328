using System.Text.Json;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

public sealed class StatusAndTraceCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Status_reports_an_empty_new_store_as_json()
    {
        var db = _dir.File("new.db");
        var result = await TetherProcess.RunAsync("status", "--db", db, "--output", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(db, json.RootElement.GetProperty("store").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("edges").GetInt64());
        Assert.True(File.Exists(db));
    }

    [Fact]
    public async Task Tracing_something_unknown_exits_3_with_one_line_saying_how_to_add_it()
    {
        var result = await TetherProcess.RunAsync("trace", "CVE-2099-0001", "--db", _dir.File("t.db"));

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("error: CVE-2099-0001: no finding", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("tether ingest report", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_path_that_cannot_be_created_exits_5()
    {
        var blocker = _dir.File("file");
        await File.WriteAllTextAsync(blocker, "x");
        var result = await TetherProcess.RunAsync("status", "--db", Path.Combine(blocker, "sub", "t.db"));

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

    public void Dispose() => _dir.Dispose();
}
