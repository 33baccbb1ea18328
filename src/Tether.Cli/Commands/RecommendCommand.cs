using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Configuration;
using Tether.Cli.Infrastructure;
using Tether.Cli.Presentation;
using Tether.Core.Recommend;
using Tether.Vulnerabilities.Versions;

namespace Tether.Cli.Commands;

/// <summary><c>tether recommend</c>: the fix actions that remove the most urgent running findings, one per owner, place and package.</summary>
public static class RecommendCommand
{
    public static Command Create()
    {
        var cluster = new Option<string?>("--cluster") { Description = "Only images running in this cluster." };
        var repository = new Option<string?>("--repository") { Description = "Only actions owned by this source repository (github.com/org/repo or a URL)." };
        var limit = new Option<int>("--limit") { Description = "At most this many fix actions (and no-fix groups), highest priority first (0 = all).", DefaultValueFactory = _ => 20 };
        var output = CommonOptions.Output("table", "json", "markdown");
        var command = new Command("recommend", "Group running findings into fix actions (base image, Dockerfile line, manifest) per owner repository, ranked by priority, with the command that fixes each.")
        {
            cluster, repository, limit, output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var db = parse.GetValue(CommonOptions.Db);
            await using var store = await StoreLocation.OpenExistingAsync(db, TimeProvider.System, ct);
            await using var advisories = await StoreLocation.OpenAdvisoriesAsync(db, TimeProvider.System, ct);
            var query = new RecommendationQuery(parse.GetValue(cluster), parse.GetValue(repository), parse.GetValue(limit) is > 0 and var n ? n : null);
            var settings = await RiskConfigFile.LoadAsync(parse.GetValue(CommonOptions.Config), ct);
            var report = await new Recommender(store, EcosystemVersionOrder.Instance, advisories, settings).RecommendAsync(query, ct);
            switch (parse.GetValue(output))
            {
                case "json":
                    Console.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Options));
                    break;
                case "markdown":
                    Console.Write(SafeText.Of(RecommendationMarkdown.Document(report)));
                    break;
                default:
                    WriteTable(report);
                    break;
            }

            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>The one thing to do, short: the rebuild for a base image, else the command (or the summary when there is none).</summary>
    private static string Fix(Recommendation r) => r.Action == RecommendationActions.BaseImage
        ? $"rebuild on the latest {r.Where.BaseImage ?? "base image"}"
        : r.Change.Commands.FirstOrDefault() ?? r.Change.Summary;

    private static void WriteTable(RecommendationReport report)
    {
        var table = new Table().AddColumn(new TableColumn("#").RightAligned()).AddColumn("priority").AddColumn("action").AddColumn("CVEs")
            .AddColumn(new TableColumn("pods").RightAligned()).AddColumn("clusters").AddColumn("fix");
        foreach (var r in report.Recommendations.Concat(report.NoFix))
        {
            table.AddRow(
                r.Rank.ToString(CultureInfo.InvariantCulture),
                Markup.Escape($"{r.Priority.Level} {r.Priority.Score.ToString("0.#", CultureInfo.InvariantCulture)}"),
                Markup.Escape(SafeText.Of(r.Title)),
                Markup.Escape(SafeText.Of(string.Join(", ", r.Vulnerabilities.Select(v => v.Id)))),
                r.Pods.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(SafeText.Of(string.Join(", ", r.Clusters))),
                Markup.Escape(SafeText.Of(Fix(r))));
        }

        AnsiConsole.Write(table);
        var s = report.Scope;
        Console.WriteLine($"{s.RunningImages} running images, {s.Findings} findings: {s.FixActions} fix actions, {s.NoFixGroups} packages with no fix available" +
            $"{(s.Limit is { } l && s.FixActions + s.NoFixGroups > report.Recommendations.Count + report.NoFix.Count ? $" (first {l} of each shown)" : "")}; `-o markdown` for issue-ready text.");
    }
}
