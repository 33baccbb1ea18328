using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Configuration;
using Tether.Cli.Infrastructure;
using Tether.Cli.Presentation;
using Tether.Core.Paths;

namespace Tether.Cli.Commands;

/// <summary><c>tether paths</c>: internet → vulnerable workload → cloud identity → sensitive resource, each hop with its evidence.</summary>
public static class PathsCommand
{
    public static Command Create()
    {
        var minSeverity = new Option<string?>("--min-severity") { Description = "Only vulnerabilities at or above this severity start a path: CRITICAL, HIGH, MEDIUM or LOW." };
        minSeverity.AcceptOnlyFromAmong("CRITICAL", "HIGH", "MEDIUM", "LOW", "critical", "high", "medium", "low");
        var cluster = new Option<string?>("--cluster") { Description = "Only workloads of this cluster." };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("paths", "List attack paths: internet-exposed workloads running a vulnerable image whose cloud identity holds permissions on resources (ingest them with `tether ingest cloud`).")
        {
            minSeverity, cluster, output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var settings = await RiskConfigFile.LoadAsync(parse.GetValue(CommonOptions.Config), ct);
            await using var store = await StoreLocation.OpenExistingAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            await using var advisories = await StoreLocation.OpenAdvisoriesAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            var paths = await new AttackPathFinder(store, advisories, settings).FindAsync(
                new AttackPathQuery { MinSeverity = parse.GetValue(minSeverity)?.ToUpperInvariant(), Cluster = parse.GetValue(cluster) }, ct);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new { paths }, JsonOutput.Options));
                return ExitCode.Ok;
            }

            PathsTableWriter.Write(AnsiConsole.Console, paths);
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }
}
