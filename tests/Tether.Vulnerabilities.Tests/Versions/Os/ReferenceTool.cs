using System.Diagnostics;
using System.Text;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Os;

/// <summary>Runs a reference implementation (dpkg, rpm's python binding) as a child process, input on stdin.</summary>
internal static class ReferenceTool
{
    public const string InstallHint = "run scripts/install-test-deps.sh (CI installs it)";

    /// <summary>Fails the test, saying how to install it, when <paramref name="file"/> is not an executable on this machine.</summary>
    public static void Require(string file, string package)
    {
        if (!File.Exists(file))
        {
            Assert.Fail($"{file} ({package}) is missing: {InstallHint}.");
        }
    }

    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string input, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        using var cancel = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var error = process.StandardError.ReadToEndAsync(cancel.Token);
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
