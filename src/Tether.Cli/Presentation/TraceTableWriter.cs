using Spectre.Console;
using Tether.Core.Trace;

namespace Tether.Cli.Presentation;

/// <summary>The human view: the four-layer box of DESIGN.md §1 per finding (or per image), then blast radius and priority.</summary>
internal static class TraceTableWriter
{
    public static void Write(IAnsiConsole console, TraceReport report, int limit)
    {
        console.MarkupLine($"[grey]trace {Markup.Escape(report.Target.Kind)} {Markup.Escape(SafeText.Of(report.Target.Input))} → {Markup.Escape(SafeText.Of(report.Target.Resolved))}[/]");
        if (report.Findings.Count == 0 && report.Images.Count == 0)
        {
            // A known vulnerability whose findings were all resolved (or never held by a stored image).
            console.MarkupLine("No current findings: no stored image holds an affected package now (`tether vuln events` shows resolved ones).");
            return;
        }

        if (report.Findings.Count == 0)
        {
            foreach (var image in report.Images)
            {
                console.WriteLine();
                console.MarkupLine($"[bold]{Markup.Escape(SafeText.Of(image.Digest))}[/] · {image.FindingCount} finding(s)");
                console.Write(Layers(image.Runtime, image.Registry, image.Pipeline, image.Source));
                console.MarkupLine($"[bold]Blast radius[/] {Markup.Escape(TraceText.Blast(image.BlastRadius))}");
                WriteGaps(console, image.Gaps);
            }

            return;
        }

        var shown = limit > 0 ? report.Findings.Take(limit).ToList() : report.Findings.ToList();
        foreach (var finding in shown)
        {
            console.WriteLine();
            console.MarkupLine($"[bold]{Markup.Escape(TraceText.Heading(finding))}[/]");
            console.Write(Layers(finding.Runtime, finding.Registry, finding.Pipeline, finding.Source));
            console.MarkupLine($"[bold]Blast radius[/] {Markup.Escape(TraceText.Blast(finding.BlastRadius))}");
            console.MarkupLine($"[bold]Priority[/]     {Markup.Escape(TraceText.Priority(finding.Priority))}");
            WriteGaps(console, finding.Gaps);
        }

        if (shown.Count < report.Findings.Count)
        {
            console.MarkupLine($"[grey]… {report.Findings.Count - shown.Count} more finding(s) of lower priority (--limit 0 shows all, --output json gives everything).[/]");
        }
    }

    private static Table Layers(IReadOnlyList<RuntimeInstance> runtime, RegistryLayer? registry, PipelineLayer? pipeline, SourceLayer? source)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("layer").AddColumn("detail");
        table.AddRow(new Markup("[bold]RUNTIME[/]"), new Text(TraceText.Runtime(runtime)));
        table.AddRow(new Markup("[bold]REGISTRY[/]"), new Text(TraceText.Registry(registry)));
        table.AddRow(new Markup("[bold]PIPELINE[/]"), new Text(TraceText.Pipeline(pipeline)));
        table.AddRow(new Markup("[bold]SOURCE[/]"), new Text(TraceText.Source(source)));
        return table;
    }

    private static void WriteGaps(IAnsiConsole console, IReadOnlyList<TraceGap> gaps)
    {
        foreach (var gap in gaps)
        {
            console.MarkupLine($"[yellow]gap[/] {Markup.Escape(gap.Layer)}: {Markup.Escape(SafeText.Of(gap.Reason))}");
        }
    }
}
