using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Infrastructure;
using Tether.Kubernetes;

namespace Tether.Cli.Commands;

/// <summary><c>tether ingest k8s --cluster NAME FILE…</c>: kubectl JSON/YAML files of one cluster, stored as one batch.</summary>
public static class IngestKubernetesCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "kubectl get … -o json|yaml output or manifests: single objects, lists (kind: List, PodList…), multi-document YAML.",
            Arity = ArgumentArity.OneOrMore,
        };
        var cluster = new Option<string>("--cluster")
        {
            Description = "Name of the cluster the objects belong to (keys every runtime node).",
            Required = true,
        };
        var snapshot = new Option<bool>("--snapshot")
        {
            Description = "The files are the complete state of the cluster: stored runtime nodes they lack (deleted pods…) are ended.",
        };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("k8s", "Store Kubernetes objects (namespaces, pods, workloads, services, ingresses, network policies, service accounts) read from files.")
        {
            files, cluster, snapshot, output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            // Parse every file before opening the store: bad input stores nothing.
            var import = await KubernetesFiles.ReadAsync(
                parse.GetValue(cluster)!, parse.GetValue(files)!, TimeProvider.System, parse.GetValue(snapshot), cancellationToken: ct);
            await using var store = await StoreLocation.OpenAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            var stored = await store.IngestAsync(import.Batch, ct);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    new { cluster = parse.GetValue(cluster), objects = import.ObjectsByKind, skipped = import.SkippedKinds, unresolved = import.Unresolved, stored },
                    JsonOutput.Options));
                return ExitCode.Ok;
            }

            var table = new Table().AddColumn("kind").AddColumn(new TableColumn("objects").RightAligned());
            foreach (var (kind, count) in import.ObjectsByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                table.AddRow(Markup.Escape(kind), count.ToString(CultureInfo.InvariantCulture));
            }

            foreach (var (kind, count) in import.SkippedKinds)
            {
                table.AddRow($"[grey]skipped {Markup.Escape(kind)}[/]", count.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            foreach (var note in import.Unresolved)
            {
                AnsiConsole.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");
            }

            AnsiConsole.MarkupLine(
                $"stored: {stored.NodesCreated} nodes created, {stored.NodesUpdated} updated, {stored.EdgesStored} edges, {stored.NodesEnded} ended");
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }
}
