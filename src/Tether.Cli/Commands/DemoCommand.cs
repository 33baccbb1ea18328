using System.CommandLine;
using Spectre.Console;
using Tether.Cli.Configuration;
using Tether.Cli.Demo;
using Tether.Cli.Infrastructure;
using Tether.Cli.Presentation;
using Tether.Core.Paths;
using Tether.Core.Trace;

namespace Tether.Cli.Commands;

/// <summary><c>tether demo</c>: load the bundled demo environment and show the headline CVE's trace.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var output = CommonOptions.Output("table", "json", "markdown");
        var command = new Command("demo", $"Load the demo environment (two clusters, a registry, CI runs, commits) into the store and trace {DemoEnvironment.HeadlineVulnerability}.")
        {
            output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var format = parse.GetValue(output)!;
            var settings = await RiskConfigFile.LoadAsync(parse.GetValue(CommonOptions.Config), ct);
            var location = StoreLocation.Resolve(parse.GetValue(CommonOptions.Db));
            var steps = await DemoEnvironment.ReadAsync(DemoEnvironment.LocateSamples(), TimeProvider.System, ct);
            await using var store = await StoreLocation.OpenAsync(location, TimeProvider.System, ct);
            foreach (var step in steps)
            {
                var summary = await store.IngestAsync(step.Batch, ct);
                if (format == "table")
                {
                    Console.WriteLine($"loaded {step.Name}: {summary.NodesCreated} new, {summary.NodesUpdated} updated nodes, {summary.EdgesStored} links");
                }
            }

            var engine = new TraceEngine(store, null, settings);
            var headline = await engine.TraceAsync(DemoEnvironment.HeadlineVulnerability, null, ct);
            if (format != "table")
            {
                TraceCommand.Write(headline, format, limit: 0);
                return ExitCode.Ok;
            }

            AnsiConsole.MarkupLine($"\nstore: [bold]{Markup.Escape(StoreLocation.Display(location))}[/]");
            AnsiConsole.MarkupLine($"\n[bold underline]Trace of {DemoEnvironment.HeadlineVulnerability}[/]");
            TraceCommand.Write(headline, format, limit: 1);
            var ranking = new List<FindingTrace>();
            foreach (var image in DemoEnvironment.Images)
            {
                ranking.AddRange((await engine.TraceAsync(image, null, ct)).Findings);
            }

            AnsiConsole.MarkupLine("\n[bold underline]What matters most right now[/] (priority in production, not raw severity)");
            AnsiConsole.Write(PriorityTable.Of(ranking));
            var paths = await new AttackPathFinder(store, null, settings).FindAsync(null, ct);
            AnsiConsole.MarkupLine($"\n[bold underline]Attack paths[/] (internet → vulnerable workload → cloud identity → resource)");
            foreach (var path in paths.Take(1))
            {
                AnsiConsole.MarkupLine($"{path.Level} {path.Score.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} · {TraceText.Plural(paths.Count, "path")} in all");
                foreach (var line in PathsTableWriter.Lines(path))
                {
                    AnsiConsole.WriteLine("  " + line);
                }
            }

            AnsiConsole.MarkupLine($"""

                Next:
                  tether trace {DemoEnvironment.HeadlineVulnerability} --output json       the four layers as JSON
                  tether trace {DemoEnvironment.HeadlineVulnerability} --output markdown   for an incident document
                  tether trace {Markup.Escape(DemoEnvironment.Images[0])}     an image and its findings
                  tether paths                                   every attack path, hop by hop
                """);
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }
}
