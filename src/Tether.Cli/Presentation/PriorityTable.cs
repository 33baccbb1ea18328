using System.Globalization;
using Spectre.Console;
using Tether.Core.Identity;
using Tether.Core.Trace;

namespace Tether.Cli.Presentation;

/// <summary>Findings ranked by priority, one row each, with the factors that put them there.</summary>
internal static class PriorityTable
{
    public static Table Of(IEnumerable<FindingTrace> findings)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("priority").AddColumn("vulnerability").AddColumn("severity").AddColumn("package")
            .AddColumn("image").AddColumn("where it runs").AddColumn("why");
        foreach (var finding in findings.OrderByDescending(f => f.Priority.Score).ThenBy(f => f.Vulnerability.Id, StringComparer.Ordinal))
        {
            var blast = finding.BlastRadius;
            var where = blast.Pods == 0
                ? "not running"
                : $"{TraceText.Plural(blast.Pods, "pod")}: " + string.Join(", ", blast.PodsByEnvironment.Select(e => $"{e.Key} {e.Value}"));
            var why = string.Join(", ", finding.Priority.Factors.Where(f => f.Contribution != 0 && f.Name != "severity").Select(f => f.Name));
            var image = finding.Registry?.References.FirstOrDefault(r => r.Current)?.Reference ?? Digest.Short(finding.Registry?.Digest ?? "");
            table.AddRow(
                new Text($"{finding.Priority.Level} {finding.Priority.Score.ToString("0.#", CultureInfo.InvariantCulture)}"),
                new Text(SafeText.Of(finding.Vulnerability.Id)),
                new Text(SafeText.Of(finding.Vulnerability.Severity)),
                new Text(SafeText.Of($"{finding.Package.Name} {finding.Package.Version}")),
                new Text(SafeText.Of(image)),
                new Text(where),
                new Text(why));
        }

        return table;
    }
}
