using System.Globalization;
using System.Text;
using Tether.Core.Trace;

namespace Tether.Web.Data;

/// <summary>
/// A finding as a Markdown issue body for the owning repository: what, where it runs, where it came from, how
/// urgent and why, and the fix. The "copy as issue" button puts this on the clipboard.
/// </summary>
public static class IssueMarkdown
{
    public static string Title(FindingTrace finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return $"{finding.Vulnerability.Id} in {finding.Package.Name} {finding.Package.Version} ({finding.Priority.Level} in production)";
    }

    public static string Body(FindingTrace finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var c = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.Append(c, $"## {Title(finding)}\n\n");
        b.Append(c, $"**Vulnerability:** {finding.Vulnerability.Id} — {finding.Vulnerability.Title ?? "(no title)"} — severity {finding.Vulnerability.Severity}");
        b.Append(finding.Vulnerability.Url is { } url ? $" — {url}\n" : "\n");
        b.Append(c, $"**Package:** {finding.Package.Name} {finding.Package.Version}");
        b.Append(finding.Package.FixedVersion is { } fix ? $" → fixed in **{fix}**\n\n" : " (no fixed version known)\n\n");

        var blast = finding.BlastRadius;
        b.Append("### Runtime\n");
        b.Append(c, $"- {blast.Pods} pod(s) in {blast.Workloads} workload(s) across {string.Join(", ", blast.Clusters)}\n");
        b.Append(c, $"- environments: {string.Join(", ", blast.PodsByEnvironment.Select(e => $"{e.Key} {e.Value}"))}\n");
        b.Append(c, $"- internet-exposed pods: {blast.InternetExposedPods}\n\n");

        b.Append("### Supply chain\n");
        if (finding.Registry is { } registry)
        {
            b.Append(c, $"- image: `{registry.References.FirstOrDefault()?.Reference ?? "untagged"}` `{registry.Digest}`\n");
        }

        if (finding.Pipeline is { } pipeline)
        {
            b.Append(c, $"- built by: {pipeline.Workflow ?? pipeline.System} run #{pipeline.RunNumber ?? pipeline.RunId}{(pipeline.Url is { } u ? $" ({u})" : "")}\n");
        }

        if (finding.Source is { } source)
        {
            b.Append(c, $"- commit: {source.CommitUrl ?? source.Commit ?? source.Repository}\n");
            if (source.Dockerfile is { } dockerfile)
            {
                b.Append(c, $"- introduced by: `{dockerfile.Instruction ?? dockerfile.Path}` ({dockerfile.Url ?? dockerfile.Path})\n");
            }
        }

        b.Append(c, $"\n### Priority {finding.Priority.Level} ({finding.Priority.Score:0.#})\n");
        foreach (var factor in finding.Priority.Factors)
        {
            b.Append(c, $"- {factor.Name}: {factor.Value} ({factor.Contribution:+0.#;-0.#;0})\n");
        }

        b.Append("\n_Traced by Tether._\n");
        return b.ToString();
    }
}
