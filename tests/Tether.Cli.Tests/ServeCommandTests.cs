using System.Diagnostics;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

public sealed class ServeCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Serve_stops_with_exit_code_0_on_SIGTERM()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "tether.dll"), "serve", "--db", _dir.File("t.db"), "--listen", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("TETHER_DB");
        start.Environment.Remove("TETHER_CONFIG");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.True(line?.StartsWith("Tether is serving http://127.0.0.1:", StringComparison.Ordinal), $"no serving line: {line}");

            // What docker stop, kubectl and systemd send; the server used to keep running until killed.
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
