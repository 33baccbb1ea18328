using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Infrastructure;
using Tether.Cli.Presentation;
using Tether.Core.Model;
using Tether.Core.Trace;
using Tether.Vulnerabilities.Matching;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether vuln rematch</c> (every stored package against the advisory database) and <c>tether vuln events</c>
/// (findings that appeared or were resolved, newest last). Importing advisories or SBOMs re-matches what they touch;
/// these are for a full pass and for reading the history.
/// </summary>
public static class VulnCommands
{
    public static Command Create() => new("vuln", "Match packages against the advisory database and follow findings as they appear and are resolved.")
    {
        VulnMatchCommand.Create(),
        Rematch(),
        Events(),
        Workloads(),
    };

    private static Command Workloads()
    {
        var target = new Argument<string>("VULN") { Description = "A vulnerability id or alias (CVE-…, GHSA-…, DSA-…)." };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("workloads", "List the running workloads a vulnerability reaches (all images at once, without the per-image pipeline and source of `tether trace`).")
        {
            target, output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var settings = await Configuration.RiskConfigFile.LoadAsync(parse.GetValue(CommonOptions.Config), ct);
            await using var graph = await StoreLocation.OpenExistingAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            AffectedRuntime affected;
            try
            {
                affected = await AffectedWorkloads.FindAsync(graph, parse.GetValue(target)!, settings, null, ct);
            }
            catch (TraceTargetNotFoundException e)
            {
                throw new CliError(ExitCode.NotFound, e.Message, e);
            }

            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(affected, JsonOutput.Options));
                return ExitCode.Ok;
            }

            var table = new Table().AddColumn("cluster").AddColumn("namespace").AddColumn("workload").AddColumn(new TableColumn("pods").RightAligned())
                .AddColumn("environment").AddColumn("exposed");
            foreach (var w in affected.Workloads)
            {
                table.AddRow(Markup.Escape(SafeText.Of(w.Cluster)), Markup.Escape(SafeText.Of(w.Namespace)), Markup.Escape(SafeText.Of($"{w.Kind}/{w.Name}")),
                    w.Pods.ToString(CultureInfo.InvariantCulture), Markup.Escape(w.Environment), w.InternetExposed ? "[red]internet[/]" : "no");
            }

            AnsiConsole.Write(table);
            Console.WriteLine($"{affected.Target.Resolved}: {affected.Workloads.Count} workloads, {affected.Pods} pods, {affected.Images.Count} images hold an affected package");
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command Rematch()
    {
        var output = CommonOptions.Output("table", "json");
        var command = new Command("rematch", "Match every stored package version against the advisory database again; record new and resolved findings.") { output };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var db = parse.GetValue(CommonOptions.Db);
            await using var graph = await StoreLocation.OpenExistingAsync(db, TimeProvider.System, ct);
            await using var advisories = await StoreLocation.OpenAdvisoriesAsync(db, TimeProvider.System, ct);
            var matcher = new GraphMatcher(graph, advisories, TimeProvider.System);
            var summary = await ProgressBar.RunAsync<RematchSummary, (long Done, long Total)>(
                "matching", p => ($"matched {p.Done:N0} of {p.Total:N0} package versions", p.Done, p.Total), progress => matcher.MatchAllAsync(progress, ct));
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(RematchText.View(summary), JsonOutput.Options));
            }
            else
            {
                Console.WriteLine(RematchText.Line(summary));
                RematchText.WriteWarnings(summary, Console.Error);
            }

            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command Events()
    {
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only events at or after this time: a duration back from now (30m, 24h, 7d) or an ISO 8601 time. Default: 7d.",
            CustomParser = ParseSince,
        };
        var change = new Option<string?>("--change") { Description = "Only new or only resolved findings." };
        change.AcceptOnlyFromAmong(FindingEventFacts.New, FindingEventFacts.Resolved);
        var limit = new Option<int>("--limit") { Description = "At most this many events (the oldest first).", DefaultValueFactory = _ => 1_000 };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("events", "List findings that appeared or were resolved, with when and why (oldest first).") { since, change, limit, output };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            await using var graph = await StoreLocation.OpenExistingAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            var from = parse.GetValue(since) ?? TimeProvider.System.GetUtcNow().AddDays(-7);
            var wanted = parse.GetValue(change);
            var events = await FindingEvents.ReadAsync(graph, from, wanted, Math.Max(1, parse.GetValue(limit)), ct);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    since = from,
                    events = events.Select(e => new
                    {
                        at = e.At,
                        change = e.Change,
                        vulnerability = e.VulnerabilityId,
                        package = e.PackageKey,
                        advisory = e.AdvisoryId,
                        reason = e.Reason,
                    }),
                }, JsonOutput.Options));
                return ExitCode.Ok;
            }

            var table = new Table().AddColumn("time (UTC)").AddColumn("change").AddColumn("vulnerability").AddColumn("package").AddColumn("advisory").AddColumn("why");
            foreach (var e in events)
            {
                table.AddRow(
                    e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    e.Change == FindingEventFacts.New ? "[red]new[/]" : "[green]resolved[/]",
                    Markup.Escape(SafeText.Of(e.VulnerabilityId)),
                    Markup.Escape(SafeText.Of(e.PackageKey)),
                    Markup.Escape(SafeText.Of(e.AdvisoryId)),
                    Markup.Escape(SafeText.Of(e.Reason)));
            }

            AnsiConsole.Write(table);
            Console.WriteLine($"{events.Count:N0} events since {from.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z; `tether trace VULN` shows where a finding runs.");
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    private static DateTimeOffset? ParseSince(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && text.Contains('-', StringComparison.Ordinal))
        {
            return time;
        }

        return Durations.Parse(text, result) is { } back ? TimeProvider.System.GetUtcNow() - back : null;
    }
}
