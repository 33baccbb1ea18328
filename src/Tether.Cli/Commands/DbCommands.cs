using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Infrastructure;
using Tether.Core.Advisories;
using Tether.Cli.Presentation;
using Tether.Vulnerabilities.Advisories.Import;
using Tether.Vulnerabilities.Matching;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether db import osv|kev|epss</c> and <c>tether db status</c>: the advisory database in the store.
/// An OSV import is all or nothing (one transaction); malformed records are skipped with warnings on stderr.
/// </summary>
public static class DbCommands
{
    private const int WarningsShown = 20;

    public static Command Create() => new("db", "The advisory database: import OSV records, the KEV catalog and EPSS scores; show what it holds.")
    {
        new Command("import", "Import advisories and feeds into the store.") { ImportOsv(), ImportKev(), ImportEpss() },
        Status(),
    };

    private static Command ImportOsv()
    {
        var inputs = new Argument<string[]>("PATH|URL")
        {
            Description = "OSV JSON files, folders of them (recursive), OSV export zips (all.zip) or http(s) URLs of either. " +
                "A modified_id.csv beside a zip or in a folder makes re-imports read only changed records.",
            Arity = ArgumentArity.OneOrMore,
        };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Records written per batch (memory bound); the whole import is still one transaction.",
            DefaultValueFactory = _ => 1_000,
        };
        batchSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 100_000)
            {
                result.AddError("--batch-size must be between 1 and 100000.");
            }
        });
        var output = CommonOptions.Output("table", "json");
        var noMatch = new Option<bool>("--no-match")
        {
            Description = "Do not re-match stored packages against the changed records now (run `tether vuln rematch` later).",
        };
        var command = new Command("osv", "Import OSV records: files, folders, all.zip exports or URLs. Unchanged records are skipped; withdrawn ones are retired. " +
            "Stored packages the changed records affect are matched again: new and resolved findings are recorded as events.")
        {
            inputs, batchSize, noMatch, output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var db = parse.GetValue(CommonOptions.Db);
            var json = parse.GetValue(output) == "json";
            OsvImportResult result;
            await using (var store = await StoreLocation.OpenAdvisoriesAsync(db, TimeProvider.System, ct))
            {
                var importer = new OsvImporter(store, new AdvisoryImportOptions { BatchSize = parse.GetValue(batchSize) });
                result = await ProgressBar.RunAsync<OsvImportResult, OsvImportProgress>(
                    "reading",
                    p => ($"{Path.GetFileName(p.Source.TrimEnd('/'))}: {p.Written:N0} written, {p.Warnings:N0} skipped", p.Done, p.Total),
                    progress => importer.ImportAsync(parse.GetValue(inputs)!, progress, ct));
            }

            var matching = parse.GetValue(noMatch) || result.Import.Written == 0 ? null : await RematchImportAsync(db, result.Import.Id, ct);
            PrintOsv(result, matching, json);
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>Re-matches the packages the import's changed records affect (now or before), so findings follow the advisories.</summary>
    private static async Task<RematchSummary> RematchImportAsync(string? db, long importId, CancellationToken cancellationToken)
    {
        await using var advisories = await StoreLocation.OpenAdvisoriesAsync(db, TimeProvider.System, cancellationToken);
        await using var graph = await StoreLocation.OpenAsync(db, TimeProvider.System, cancellationToken);
        return await ImportRematch.RunAsync(graph, advisories, importId, TimeProvider.System, cancellationToken);
    }

    private static Command ImportKev() => FeedCommand(
        "kev",
        "Import CISA's Known Exploited Vulnerabilities catalog (known_exploited_vulnerabilities.json), replacing the stored one.",
        (importer, input, ct) => importer.ImportKevAsync(input, ct));

    private static Command ImportEpss() => FeedCommand(
        "epss",
        "Import FIRST's EPSS scores (epss_scores-YYYY-MM-DD.csv or .csv.gz), replacing the stored ones.",
        (importer, input, ct) => importer.ImportEpssAsync(input, ct));

    private static Command FeedCommand(string name, string description, Func<FeedImporter, string, CancellationToken, Task<AdvisoryImportRecord>> import)
    {
        var input = new Argument<string>("FILE|URL") { Description = "The feed file, or an http(s) URL of it." };
        var output = CommonOptions.Output("table", "json");
        var command = new Command(name, description) { input, output };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            await using var store = await StoreLocation.OpenAdvisoriesAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            var record = await import(new FeedImporter(store), parse.GetValue(input)!, ct);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(ImportView(record), JsonOutput.Options));
            }
            else
            {
                Console.WriteLine($"stored {Count(record.Records)} {name} entries from {record.Source}" +
                    $" (version {record.FeedVersion ?? "unknown"}, dated {Date(record.FeedDate) ?? "unknown"})");
            }

            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command Status()
    {
        var output = CommonOptions.Output("table", "json");
        var command = new Command("status", "Show the advisory database: records per ecosystem, withdrawn records, freshness, last imports, KEV and EPSS.") { output };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var location = StoreLocation.Resolve(parse.GetValue(CommonOptions.Db));
            await using var store = await StoreLocation.OpenAdvisoriesAsync(location, TimeProvider.System, ct);
            var status = await store.GetStatusAsync(ct);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(StatusView(StoreLocation.Display(location), status), JsonOutput.Options));
            }
            else
            {
                PrintStatus(StoreLocation.Display(location), status);
            }

            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>The JSON shape of <c>tether db status -o json</c>.</summary>
    public static object StatusView(string store, AdvisoryStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new
        {
            store,
            advisories = status.Advisories,
            withdrawn = status.Withdrawn,
            vulnerabilities = status.Vulnerabilities,
            newestModified = status.NewestModified,
            ecosystems = status.Ecosystems.Select(e => new { ecosystem = e.Ecosystem, advisories = e.Advisories, affectedEntries = e.AffectedEntries, newestModified = e.NewestModified }),
            lastImport = status.LastOsvImport is { } osv ? ImportView(osv) : null,
            kev = status.LastKevImport is { } kev
                ? new { entries = status.KevEntries, catalogVersion = kev.FeedVersion, dateReleased = kev.FeedDate, importedAt = kev.FinishedAt, source = kev.Source }
                : null,
            epss = status.LastEpssImport is { } epss
                ? new { scores = status.EpssScores, modelVersion = epss.FeedVersion, scoreDate = epss.FeedDate, importedAt = epss.FinishedAt, source = epss.Source }
                : null,
        };
    }

    private static object ImportView(AdvisoryImportRecord record) => new
    {
        id = record.Id,
        feed = record.Feed,
        source = record.Source,
        startedAt = record.StartedAt,
        finishedAt = record.FinishedAt,
        records = record.Records,
        created = record.Created,
        updated = record.Updated,
        withdrawn = record.Withdrawn,
        unchanged = record.Unchanged,
        warnings = record.Warnings,
        feedVersion = record.FeedVersion,
        feedDate = record.FeedDate,
    };

    private static void PrintOsv(OsvImportResult result, RematchSummary? matching, bool json)
    {
        var import = result.Import;
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                import = ImportView(import),
                sources = result.Sources,
                skippedByIndex = result.SkippedByIndex,
                warnings = result.Warnings.Select(w => new { source = w.Source, id = w.Id, field = w.Field, message = w.Message }),
                bytesRead = result.BytesRead,
                elapsedSeconds = Math.Round(result.Elapsed.TotalSeconds, 3),
                recordsPerSecond = Math.Round(result.RecordsPerSecond),
                matching = matching is null ? null : RematchText.View(matching),
            }, JsonOutput.Options));
            return;
        }

        foreach (var source in result.Sources)
        {
            var index = source.IndexUsed ? $", {Count(source.SkippedByIndex)} current per modified_id.csv" : "";
            Console.WriteLine($"{source.Source} ({source.Kind}): {Count(source.Documents)} documents, {Count(source.Records)} records, {Count(source.Warnings)} skipped{index}");
        }

        Console.WriteLine(
            $"import #{import.Id}: {Count(import.Created)} created, {Count(import.Updated)} updated, {Count(import.Withdrawn)} withdrawn, " +
            $"{Count(import.Unchanged)} unchanged, {Count(result.WarningCount)} malformed skipped " +
            $"({result.Elapsed.TotalSeconds:0.0} s, {result.RecordsPerSecond:0} records/s)");
        foreach (var warning in result.Warnings.Take(WarningsShown))
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        if (result.WarningCount > WarningsShown)
        {
            Console.Error.WriteLine($"warning: … and {Count(result.WarningCount - WarningsShown)} more (-o json lists up to 1000)");
        }

        if (matching is not null)
        {
            Console.WriteLine(RematchText.Line(matching));
            RematchText.WriteWarnings(matching, Console.Error);
        }
    }

    private static void PrintStatus(string location, AdvisoryStatus status)
    {
        AnsiConsole.MarkupLine($"store: [bold]{Markup.Escape(location)}[/]");
        var table = new Table()
            .AddColumn("ecosystem")
            .AddColumn(new TableColumn("advisories").RightAligned())
            .AddColumn(new TableColumn("entries").RightAligned())
            .AddColumn("newest modified");
        foreach (var ecosystem in status.Ecosystems)
        {
            table.AddRow(Markup.Escape(ecosystem.Ecosystem), Count(ecosystem.Advisories), Count(ecosystem.AffectedEntries), Markup.Escape(Time(ecosystem.NewestModified)));
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"advisories: {Count(status.Advisories)} live, {Count(status.Withdrawn)} withdrawn, {Count(status.Vulnerabilities)} distinct vulnerabilities; newest modified {Time(status.NewestModified)}");
        Console.WriteLine(status.LastOsvImport is { } osv
            ? $"last OSV import: #{osv.Id} at {Time(osv.FinishedAt)} from {osv.Source} ({Count(osv.Written)} written, {Count(osv.Unchanged)} unchanged, {Count(osv.Warnings)} skipped)"
            : "last OSV import: never (tether db import osv PATH|URL)");
        Console.WriteLine(status.LastKevImport is { } kev
            ? $"KEV: {Count(status.KevEntries)} entries, catalog {kev.FeedVersion ?? "?"} released {Time(kev.FeedDate)}, imported {Time(kev.FinishedAt)}"
            : "KEV: not imported (tether db import kev FILE)");
        Console.WriteLine(status.LastEpssImport is { } epss
            ? $"EPSS: {Count(status.EpssScores)} scores, model {epss.FeedVersion ?? "?"} scored {Date(epss.FeedDate) ?? "?"}, imported {Time(epss.FinishedAt)}"
            : "EPSS: not imported (tether db import epss FILE)");
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? time) => time?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    private static string? Date(DateTimeOffset? time) => time?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
