using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Infrastructure;

namespace Tether.Cli.Commands;

/// <summary><c>tether status</c>: where the store is and what it holds.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var output = CommonOptions.Output("table", "json");
        var command = new Command("status", "Show the store's location and how many nodes of each kind and edges it holds.") { output };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var location = StoreLocation.Resolve(parse.GetValue(CommonOptions.Db));
            await using var store = await StoreLocation.OpenExistingAsync(location, TimeProvider.System, ct);
            var counts = await store.CountAsync(ct);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new { store = StoreLocation.Display(location), nodes = counts.NodesByKind, edges = counts.Edges }, JsonOutput.Options));
                return ExitCode.Ok;
            }

            var table = new Table().AddColumn("kind").AddColumn(new TableColumn("nodes").RightAligned());
            foreach (var (kind, count) in counts.NodesByKind)
            {
                table.AddRow(kind, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            table.AddRow("[grey]edges[/]", counts.Edges.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.MarkupLine($"store: [bold]{Markup.Escape(StoreLocation.Display(location))}[/]");
            AnsiConsole.Write(table);
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }
}
