using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Infrastructure;
using Tether.Core.Graph;
using Tether.Pipeline.CiReport;
using Tether.Pipeline.CiReport.Payload;
using Tether.Pipeline.Collect;

namespace Tether.Cli.Commands;

/// <summary><c>tether ingest ci-report FILE…</c>: stores saved <c>tether ci report --output-file</c> payloads.</summary>
public static class IngestCiReportCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "CI report payload files (JSON).", Arity = ArgumentArity.OneOrMore };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("ci-report", "Ingest saved CI report payloads. All files are checked first; on any bad file nothing is stored.")
        {
            files, output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var time = TimeProvider.System;
            var batch = new GraphBatch(CiReportIngest.Collector, time.GetUtcNow());
            var reports = new List<(string File, CiReportPayload Payload)>();
            foreach (var path in parse.GetValue(files)!)
            {
                var bytes = await BoundedFile.ReadAsync(path, path, CiReportJson.MaxBytes, ct);
                reports.Add((path, CiReportIngest.AddTo(bytes, path, batch)));
            }

            await using var store = await StoreLocation.OpenAsync(parse.GetValue(CommonOptions.Db), time, ct);
            var summary = await store.IngestAsync(batch, ct);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    reports = reports.Select(r => new { file = r.File, run = r.Payload.Run.Url, commit = r.Payload.Commit.Sha, images = r.Payload.Images.Count }),
                    stored = summary,
                }, JsonOutput.Options));
                return ExitCode.Ok;
            }

            foreach (var (file, payload) in reports)
            {
                AnsiConsole.MarkupLine($"{Markup.Escape(file)}: run {Markup.Escape(payload.Run.Url ?? payload.Run.RunId)} · commit {Markup.Escape(payload.Commit.Sha)} · {payload.Images.Count} images");
            }

            AnsiConsole.MarkupLine($"stored {reports.Count} reports: {summary.NodesCreated} nodes created, {summary.NodesUpdated} updated, {summary.EdgesStored} edges");
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }
}
