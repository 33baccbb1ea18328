using System.Diagnostics;
using System.Text;
using Tether.Testing;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Language;

/// <summary>
/// Runs one reference implementation once over a batch of pairs (the scripts in <c>reference/</c>):
/// pairs go in as <c>A\tB</c> lines, one answer line comes out per pair.
/// </summary>
internal static class ReferenceTool
{
    private const string InstallHint = "run scripts/install-test-deps.sh (it installs the reference tools the differential tests run)";

    public static string Script(string name) => TestData.Repo("tests", "Tether.Vulnerabilities.Tests", "Versions", "Language", "reference", name);

    /// <summary>The path of <paramref name="command"/> on PATH, or a failed test saying how to install it.</summary>
    public static string Require(string command)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, command);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"'{command}' is not installed: {InstallHint}.");
        return "";
    }

    public static void RequirePath(string path, string what)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Fail($"{what} is missing ({path}): {InstallHint}.");
        }
    }

    public static IReadOnlyList<string> Run(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyList<(string A, string B)> pairs,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
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

        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var input = new StringBuilder();
        foreach (var (a, b) in pairs)
        {
            input.Append(a).Append('\t').Append(b).Append('\n');
        }

        process.StandardInput.Write(input.ToString());
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} did not finish within 60 s");
        }

        var output = stdout.GetAwaiter().GetResult();
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.GetAwaiter().GetResult()}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
