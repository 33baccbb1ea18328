using System.Text;
using Tether.Core.Trace;

namespace Tether.Cli.Presentation;

/// <summary>Markdown for incident documents and issues: one section per finding, links kept clickable.</summary>
internal static class TraceMarkdownWriter
{
    public static string Write(TraceReport report, int limit)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Trace of `{report.Target.Input}`").AppendLine();
        md.AppendLine($"Resolved to `{report.Target.Resolved}` ({report.Target.Kind}); {report.Findings.Count} finding(s), {report.Images.Count} image(s).").AppendLine();
        var findings = limit > 0 ? report.Findings.Take(limit) : report.Findings;
        foreach (var finding in findings)
        {
            md.AppendLine($"## {Escape(TraceText.Heading(finding))}").AppendLine();
            Layers(md, finding.Runtime, finding.Registry, finding.Pipeline, finding.Source);
            md.AppendLine($"**Blast radius:** {Escape(TraceText.Blast(finding.BlastRadius))}").AppendLine();
            md.AppendLine($"**Priority:** {Escape(TraceText.Priority(finding.Priority))}").AppendLine();
            Gaps(md, finding.Gaps);
        }

        if (report.Findings.Count == 0)
        {
            foreach (var image in report.Images)
            {
                md.AppendLine($"## Image `{image.Digest}`").AppendLine();
                Layers(md, image.Runtime, image.Registry, image.Pipeline, image.Source);
                md.AppendLine($"**Blast radius:** {Escape(TraceText.Blast(image.BlastRadius))}").AppendLine();
                Gaps(md, image.Gaps);
            }
        }

        return SafeText.Of(md.ToString());
    }

    private static void Layers(StringBuilder md, IReadOnlyList<RuntimeInstance> runtime, RegistryLayer? registry, PipelineLayer? pipeline, SourceLayer? source)
    {
        md.AppendLine("| Layer | Detail |").AppendLine("|---|---|");
        md.AppendLine($"| Runtime | {Cell(TraceText.Runtime(runtime))} |");
        md.AppendLine($"| Registry | {Cell(TraceText.Registry(registry))} |");
        md.AppendLine($"| Pipeline | {Cell(TraceText.Pipeline(pipeline))}{Link(" — [run]", pipeline?.Url)} |");
        md.AppendLine($"| Source | {Cell(TraceText.Source(source))}{Link(" — [commit]", source?.CommitUrl)}{Link(" — [Dockerfile line]", source?.Dockerfile?.Url)} |");
        md.AppendLine();
    }

    private static void Gaps(StringBuilder md, IReadOnlyList<TraceGap> gaps)
    {
        foreach (var gap in gaps)
        {
            md.AppendLine($"> **Gap ({gap.Layer}):** {Escape(gap.Reason)}");
        }

        if (gaps.Count > 0)
        {
            md.AppendLine();
        }
    }

    private static string Link(string label, string? url) => url is null ? "" : $"{label}({url})";

    private static string Cell(string text) => Escape(text).Replace("\n", "<br>", StringComparison.Ordinal);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
