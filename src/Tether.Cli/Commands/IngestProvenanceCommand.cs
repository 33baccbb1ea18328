using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Infrastructure;
using Tether.Core.Graph;
using Tether.Pipeline.Collect;
using Tether.Pipeline.Provenance;
using Tether.Pipeline.Provenance.Parse;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether ingest provenance FILE…</c>: in-toto statements, DSSE envelopes, Sigstore bundles, or JSON Lines of them
/// (<c>gh attestation download</c>). Signatures are not verified: links are stored as unverified provenance.
/// </summary>
public static class IngestProvenanceCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Provenance files.", Arity = ArgumentArity.OneOrMore };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("provenance",
            "Ingest SLSA provenance (in-toto statement, DSSE envelope, Sigstore bundle v0.1-v0.3, JSON Lines). " +
            "Signatures are NOT verified; links are stored as unverified-provenance. All files are checked first; on any bad file nothing is stored.")
        {
            files, output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var time = TimeProvider.System;
            var batch = new GraphBatch(ProvenanceIngest.Collector, time.GetUtcNow());
            var read = new List<(string File, IReadOnlyList<ProvenanceDocument> Documents)>();
            foreach (var path in parse.GetValue(files)!)
            {
                var bytes = await BoundedFile.ReadAsync(path, path, ProvenanceParser.MaxDocumentBytes, ct);
                read.Add((path, ProvenanceReader.ReadDocuments(bytes, path, batch)));
            }

            await using var store = await StoreLocation.OpenAsync(parse.GetValue(CommonOptions.Db), time, ct);
            var summary = await store.IngestAsync(batch, ct);
            var documents = read.SelectMany(r => r.Documents).ToList();
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    attestations = documents.Where(d => d.Skipped is null).Select(d => new
                    {
                        source = d.Source,
                        digest = d.Digest,
                        format = d.Format,
                        predicateType = d.Statement?.PredicateType,
                        subjects = d.Statement?.Subjects.Select(s => new { name = s.Name, digest = s.Digests }),
                        repository = d.Statement?.Provenance?.RepositoryUrl,
                        commit = d.Statement?.Provenance?.CommitSha,
                        run = d.Statement?.Provenance?.InvocationId,
                        signer = d.Signer?.Identity,
                        verification = "unverified",
                    }),
                    skipped = documents.Where(d => d.Skipped is not null).Select(d => new { source = d.Source, reason = d.Skipped }),
                    stored = summary,
                }, JsonOutput.Options));
                return ExitCode.Ok;
            }

            foreach (var document in documents)
            {
                if (document.Skipped is not null)
                {
                    AnsiConsole.MarkupLine($"[grey]{Markup.Escape(document.Source)}: skipped, {Markup.Escape(document.Skipped)}[/]");
                    continue;
                }

                var provenance = document.Statement?.Provenance;
                AnsiConsole.MarkupLine(
                    $"{Markup.Escape(document.Source)}: {Markup.Escape(document.Format)} · {document.Statement?.Subjects.Count ?? 0} subjects" +
                    (provenance?.RepositoryUrl is { } repo ? $" · {Markup.Escape(repo)}" : "") +
                    (provenance?.CommitSha is { } sha ? $"@{Markup.Escape(sha[..12])}" : "") +
                    " · [yellow]unverified[/]");
            }

            AnsiConsole.MarkupLine($"stored {documents.Count(d => d.Skipped is null)} attestations: {summary.NodesCreated} nodes created, {summary.NodesUpdated} updated, {summary.EdgesStored} edges");
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }
}
