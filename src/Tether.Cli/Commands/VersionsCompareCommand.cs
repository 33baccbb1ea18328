using System.CommandLine;
using Tether.Cli.Infrastructure;
using Tether.Vulnerabilities.Versions;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether versions compare --ecosystem ECO</c> (contract in DESIGN.md §4): reads lines <c>A B</c> on stdin and
/// writes <c>A &lt;op&gt; B</c> per line, or <c>A ? B: reason</c> when a version is invalid.
/// </summary>
public static class VersionsCompareCommand
{
    public static Command Create()
    {
        var ecosystem = new Option<string>("--ecosystem", "-e")
        {
            Description = "OSV ecosystem name: Debian, Debian:12, Ubuntu:22.04:LTS, Alpine:v3.18, Red Hat, npm, PyPI, Maven, NuGet, Go, crates.io, RubyGems, …",
            Required = true,
        };
        var compare = new Command("compare", "Compare version pairs read from stdin (one 'A B' per line) with the ecosystem's exact ordering.") { ecosystem };
        compare.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var name = parse.GetValue(ecosystem)!;
            var scheme = VersionSchemes.Find(name)
                ?? throw new CliError(ExitCode.BadInput, $"--ecosystem: no version ordering for '{name}'; known: {string.Join(", ", VersionSchemes.Schemes.Select(s => s.Name))}.");
            using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false, NewLine = "\n" };
            var lineNumber = 0;
            while (await Console.In.ReadLineAsync(ct) is { } line)
            {
                lineNumber++;
                var text = line.Trim();
                if (text.Length == 0)
                {
                    continue;
                }

                var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2)
                {
                    throw new CliError(ExitCode.BadInput, $"stdin line {lineNumber}: expected two versions separated by white space, got {parts.Length} field(s).");
                }

                await output.WriteLineAsync(CompareLine(scheme, parts[0], parts[1]));
            }

            await output.FlushAsync(ct);
            return ExitCode.Ok;
        }, cancellationToken));
        return new Command("versions", "Version logic of each ecosystem.") { compare };
    }

    public static string CompareLine(IVersionScheme scheme, string a, string b)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        if (!scheme.IsValid(a, out var errorA))
        {
            return $"{a} ? {b}: {errorA}";
        }

        if (!scheme.IsValid(b, out var errorB))
        {
            return $"{a} ? {b}: {errorB}";
        }

        var order = scheme.Compare(a, b);
        return $"{a} {(order < 0 ? "<" : order > 0 ? ">" : "=")} {b}";
    }
}
