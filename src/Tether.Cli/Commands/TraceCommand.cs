using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Configuration;
using Tether.Cli.Infrastructure;
using Tether.Cli.Presentation;
using Tether.Core.Trace;

namespace Tether.Cli.Commands;

/// <summary><c>tether trace TARGET</c>: runtime → registry → pipeline → source, with blast radius and priority.</summary>
public static class TraceCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target")
        {
            Description = "A vulnerability id or alias (CVE-…, GHSA-…), an image reference or digest, or pod/NAMESPACE/NAME.",
        };
        var cluster = new Option<string?>("--cluster") { Description = "Cluster of a pod target (needed when the pod name exists in several clusters)." };
        var output = CommonOptions.Output("table", "json", "markdown");
        var limit = new Option<int>("--limit") { Description = "Findings shown in table/markdown output, highest priority first (0 = all).", DefaultValueFactory = _ => 10 };
        var command = new Command("trace", "Trace a vulnerability, image or pod through runtime, registry, pipeline and source.")
        {
            target, cluster, output, limit,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var settings = await RiskConfigFile.LoadAsync(parse.GetValue(CommonOptions.Config), ct);
            await using var store = await StoreLocation.OpenExistingAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            // The advisory database beside the graph gives KEV and EPSS to the priority.
            await using var advisories = await StoreLocation.OpenAdvisoriesAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            TraceReport report;
            try
            {
                report = await new TraceEngine(store, advisories, settings).TraceAsync(parse.GetValue(target)!, parse.GetValue(cluster), ct);
            }
            catch (TraceTargetNotFoundException e)
            {
                throw new CliError(ExitCode.NotFound, e.Message, e);
            }

            Write(report, parse.GetValue(output)!, parse.GetValue(limit));
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    public static void Write(TraceReport report, string format, int limit)
    {
        switch (format)
        {
            case "json":
                Console.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Options));
                break;
            case "markdown":
                Console.Write(TraceMarkdownWriter.Write(report, limit));
                break;
            default:
                TraceTableWriter.Write(AnsiConsole.Console, report, limit);
                break;
        }
    }
}
