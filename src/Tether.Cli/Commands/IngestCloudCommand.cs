using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Infrastructure;
using Tether.Cloud;

namespace Tether.Cli.Commands;

/// <summary><c>tether ingest cloud FILE…</c>: cloud identities, their permissions and the resources (docs/attack-paths.md).</summary>
public static class IngestCloudCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Tether cloud inventory JSON files (version 1): identities with their permissions on resources, and the resources.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("cloud", "Store cloud identities (Azure managed identities, AWS roles, GCP service accounts), their permissions and the resources they reach.")
        {
            files, output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            // Parse every file before opening the store: bad input stores nothing.
            var import = await CloudFiles.ReadAsync(parse.GetValue(files)!, TimeProvider.System, cancellationToken: ct);
            await using var store = await StoreLocation.OpenAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            var stored = await store.IngestAsync(import.Batch, ct);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new { identities = import.Identities, resources = import.Resources, grants = import.Grants, stored }, JsonOutput.Options));
                return ExitCode.Ok;
            }

            AnsiConsole.MarkupLine($"read {import.Identities} identities, {import.Resources} resources, {import.Grants} grants");
            AnsiConsole.MarkupLine($"stored: {stored.NodesCreated} nodes created, {stored.NodesUpdated} updated, {stored.EdgesStored} edges");
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }
}
