using System.Diagnostics;

namespace Tether.Testing;

/// <summary>
/// Runs the built <c>tether</c> command (copied beside the test assembly by its project reference) in a child process,
/// as a user or CI step would, isolated from the developer's own store and config.
/// </summary>
public static class TetherProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(
        IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? stdin = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tether.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The tests choose the store explicitly; never touch the developer's own.
        start.Environment.Remove("TETHER_DB");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(Path.GetTempPath(), "tether-tests-xdg");
        // Nor the developer's config (risk mappings and weights change priorities).
        start.Environment.Remove("TETHER_CONFIG");
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(Path.GetTempPath(), "tether-tests-xdg-config");
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> RunAsync(params string[] args) => RunAsync(args, null);
}
