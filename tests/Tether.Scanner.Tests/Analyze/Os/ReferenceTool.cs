using System.Diagnostics;
using System.Text;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Os;

/// <summary>
/// Runs the tool that wrote a package database (dpkg-query, rpm) as a child process: what it prints is the ground
/// truth the analyzers are compared with.
/// </summary>
internal static class ReferenceTool
{
    public static async Task<string> RunAsync(string file, params string[] arguments)
    {
        if (!File.Exists(file))
        {
            Assert.Fail($"{file} is missing: run scripts/install-test-deps.sh (CI installs dpkg and rpm).");
        }

        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var error = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within a minute");
        }

        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        return await output;
    }
}
