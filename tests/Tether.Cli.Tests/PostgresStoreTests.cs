using System.Text.Json;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

/// <summary>The CLI on a PostgreSQL store: `tether demo --db postgres://…`, then `tether trace` and `status` on it.</summary>
public sealed class PostgresStoreTests : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database => _database!;

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Demo_then_trace_work_on_a_PostgreSQL_store_and_never_print_its_password()
    {
        var demo = await TetherProcess.RunAsync("demo", "--db", Database.Url);
        Assert.True(demo.ExitCode == 0, demo.Stderr);
        var password = new Uri(Database.Url).UserInfo.Split(':')[1];
        Assert.Contains($"store: {new Uri(Database.Url).UserInfo.Split(':')[0]}@", demo.Stdout.Replace("postgres://", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(password, demo.Stdout, StringComparison.Ordinal);

        // TETHER_DB in Npgsql keyword form reaches the same database.
        var trace = await TetherProcess.RunAsync(
            ["trace", "CVE-2024-6119", "--output", "json"],
            new Dictionary<string, string> { ["TETHER_DB"] = Database.ConnectionString });
        Assert.True(trace.ExitCode == 0, trace.Stderr);
        using var json = JsonDocument.Parse(trace.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(["libssl3", "openssl"], findings.Select(f => f.GetProperty("package").GetProperty("name").GetString()!).Order().ToArray());

        var status = await TetherProcess.RunAsync("status", "--db", Database.Url, "--output", "json");
        using var counts = JsonDocument.Parse(status.Stdout);
        Assert.Equal(52, counts.RootElement.GetProperty("nodes").GetProperty("pod").GetInt32());
        Assert.DoesNotContain(password, status.Stdout, StringComparison.Ordinal);
    }
}
