using System.Globalization;
using System.Text;

namespace Tether.Core.Recommend;

/// <summary>A GitHub issue ready to open: its title and Markdown body.</summary>
public sealed record IssueDraft(string Title, string Body)
{
    /// <summary>Title and body as one Markdown document: the title as the first line (<c># …</c>), then the body.</summary>
    public string Document => $"# {Title}\n\n{Body}";
}

/// <summary>
/// One recommendation as a GitHub issue (the CLI's <c>-o markdown</c> and the web UI's "copy as issue"): what to change,
/// why (CVEs with OSV/NVD links, the priority factors), where (Dockerfile line, CI run, commit), what runs it, the
/// command, and how to verify. Everything from images, reports and clusters is untrusted: control characters go,
/// Markdown syntax is escaped, and only https links are made clickable.
/// </summary>
public static class RecommendationMarkdown
{
    public static IssueDraft Issue(Recommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        var r = recommendation;
        var md = new StringBuilder();
        md.AppendLine("## What").AppendLine();
        md.AppendLine(Text(r.Change.Summary)).AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Removes **{r.Vulnerabilities.Count} CVE{Plural(r.Vulnerabilities.Count)}** (highest severity {MaxSeverity(r)}) from **{r.Images.Count} image{Plural(r.Images.Count)}** running as **{r.Pods} pod{Plural(r.Pods)}** in **{r.Workloads.Count} workload{Plural(r.Workloads.Count)}** on **{r.Clusters.Count} cluster{Plural(r.Clusters.Count)}** ({string.Join(", ", r.Clusters.Select(Code))}).")).AppendLine();
        md.AppendLine($"- Package: {Code(r.Package.Name)} ({Text(r.Package.Ecosystem)}){(r.Package.BinaryPackages.Count > 1 || r.Package.BinaryPackages[0] != r.Package.Name ? $", installed as {string.Join(", ", r.Package.BinaryPackages.Select(Code))}" : "")}");
        md.AppendLine($"- Installed: {string.Join(", ", r.Package.InstalledVersions.Select(Code))}");
        md.AppendLine($"- Target: {(r.Package.TargetVersion is { } t ? Code(t) + " or later" : r.Package.FixedVersions.Count > 0 ? "a version fixing all of " + string.Join(", ", r.Package.FixedVersions.Select(Code)) : "no fixed version is published")}");
        if (r.Owner is { } owner)
        {
            md.AppendLine($"- Owner: {LinkOrCode(owner.Repository ?? owner.ImageRepository ?? "unknown", owner.RepositoryUrl)}");
        }

        md.AppendLine();
        md.AppendLine("## Why").AppendLine();
        md.AppendLine($"Priority **{Text(r.Priority.Level)} {r.Priority.Score.ToString("0.#", CultureInfo.InvariantCulture)}** (sum over CVEs {r.Priority.Sum.ToString("0.#", CultureInfo.InvariantCulture)}). {Text(r.Priority.Why)}").AppendLine();
        md.AppendLine("| Factor | Value | Points |").AppendLine("|---|---|---:|");
        foreach (var factor in r.Priority.Factors)
        {
            md.AppendLine($"| {Cell(factor.Name)} | {Cell(factor.Value)} | {factor.Contribution.ToString("+0.#;-0.#;0", CultureInfo.InvariantCulture)} |");
        }

        md.AppendLine();
        md.AppendLine("| CVE | Severity | Fixed in | KEV | EPSS | Priority | Links |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var v in r.Vulnerabilities)
        {
            var links = string.Join(" · ", v.Links.Select(l => Link(LinkName(l), l)).OfType<string>());
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Code(v.Id)} | {Cell(v.Severity)}{(v.CvssScore is { } s ? $" ({s:0.0})" : "")} | {(v.FixedVersion is { } f ? Code(f) : "no fix")} | {(v.Kev is { } k ? "yes, since " + Cell(k.DateAdded) + (k.Ransomware ? " (ransomware)" : "") : "no")} | {(v.Epss is { } e ? $"{e.Score:0.###}" : "–")} | {Cell(v.PriorityLevel)} {v.Priority:0.#} | {links} |"));
        }

        md.AppendLine();
        md.AppendLine("## Where").AppendLine();
        var w = r.Where;
        if (w.Line is { } line)
        {
            var text = $"{w.DockerfilePath ?? "Dockerfile"} line {line}";
            md.AppendLine($"- Dockerfile: {LinkOrCode(text, w.Url)}: {Code(w.Instruction ?? "")}{(w.Attribution is { } a ? $" ({Text(a)}, confidence {w.Confidence?.ToString("0.##", CultureInfo.InvariantCulture)})" : "")}");
        }
        else
        {
            md.AppendLine($"- Dockerfile: not known{(w.DockerfilePath is { } p ? $" (the build used {Code(p)}, but no line holds the package's layer)" : "")}");
        }

        if (w.BaseImage is { } baseImage)
        {
            md.AppendLine($"- Base image: {Code(baseImage)}");
        }

        if (w.Commit is { } commit)
        {
            md.AppendLine($"- Commit: {LinkOrCode(commit.Length > 12 ? commit[..12] : commit, w.CommitUrl)}");
        }

        if (w.PipelineRun is { } run)
        {
            md.AppendLine($"- CI run: {LinkOrCode(run, w.PipelineRunUrl)}");
        }

        md.AppendLine();
        md.AppendLine("| Image | Tag | Commit | CI run | Pods |").AppendLine("|---|---|---|---|---:|");
        foreach (var image in r.Images)
        {
            md.AppendLine($"| {Code(image.Digest)} | {(image.Reference is { } reference ? Code(reference) : "–")} | {(image.Commit is { } c ? LinkOrCode(c.Length > 12 ? c[..12] : c, image.CommitUrl) : "–")} | {(image.PipelineRun is { } p ? LinkOrCode(p, image.PipelineRunUrl) : "–")} | {image.Pods} |");
        }

        md.AppendLine();
        md.AppendLine("### Affected workloads").AppendLine();
        md.AppendLine("| Cluster | Namespace | Workload | Pods | Environment | Internet-exposed |").AppendLine("|---|---|---|---:|---|---|");
        foreach (var workload in r.Workloads)
        {
            md.AppendLine($"| {Cell(workload.Cluster)} | {Cell(workload.Namespace)} | {Cell($"{workload.Kind}/{workload.Name}")} | {workload.Pods} | {Cell(workload.Environment)} | {(workload.InternetExposed ? "yes" : "no")} |");
        }

        md.AppendLine();
        md.AppendLine("## Fix").AppendLine();
        if (r.Change.Commands.Count > 0)
        {
            md.AppendLine("```sh");
            foreach (var command in r.Change.Commands)
            {
                md.AppendLine(Plain(command).Replace("```", "'''", StringComparison.Ordinal));
            }

            md.AppendLine("```").AppendLine();
        }

        foreach (var note in r.Change.Notes.Concat(r.Notes))
        {
            md.AppendLine($"- {Text(note)}");
        }

        if (r.Change.Notes.Count + r.Notes.Count > 0)
        {
            md.AppendLine();
        }

        md.AppendLine("## Acceptance").AppendLine();
        md.AppendLine(r.Action == RecommendationActions.Mitigate
            ? "- [ ] Exposure and privilege of the workloads above are reduced, or a fixed version is published and applied."
            : $"- [ ] A new image is built and deployed, and it contains {Code(r.Package.Name)} ≥ {Code(r.Package.TargetVersion ?? "the fixed version")}.");
        foreach (var v in r.Vulnerabilities)
        {
            md.AppendLine($"- [ ] {Code($"tether trace {Plain(v.Id)}")} shows no running pods{(r.Clusters.Count > 0 ? " in " + string.Join(", ", r.Clusters.Select(Code)) : "")}.");
        }

        md.AppendLine().AppendLine($"<sub>Generated by Tether ({Code(r.Id)}).</sub>");
        return new IssueDraft(Plain(r.Title), md.ToString());
    }

    /// <summary>The whole report as one document: one issue section per recommendation.</summary>
    public static string Document(RecommendationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine("# Recommendations").AppendLine();
        md.AppendLine($"{report.Scope.RunningImages} running image(s), {report.Scope.Findings} finding(s): {report.Scope.FixActions} fix action(s), {report.Scope.NoFixGroups} package(s) with no fix available.").AppendLine();
        foreach (var r in report.Recommendations.Concat(report.NoFix))
        {
            var issue = Issue(r);
            md.AppendLine($"# {r.Rank}. {Text(issue.Title)}").AppendLine();
            md.AppendLine(issue.Body.Replace("\n## ", "\n### ", StringComparison.Ordinal).Replace("\n### Affected", "\n#### Affected", StringComparison.Ordinal));
        }

        return md.ToString();
    }

    private static string MaxSeverity(Recommendation r) =>
        r.Vulnerabilities.Select(v => v.Severity).OrderBy(s => Array.IndexOf(Severities, s) is var i && i < 0 ? Severities.Length : i).FirstOrDefault() ?? "UNKNOWN";

    private static readonly string[] Severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "NEGLIGIBLE", "UNKNOWN"];

    private static string Plural(int n) => n == 1 ? "" : "s";

    private static string LinkName(string url) =>
        url.Contains("osv.dev", StringComparison.Ordinal) ? "OSV" : url.Contains("nvd.nist.gov", StringComparison.Ordinal) ? "NVD" : "advisory";

    private static string LinkOrCode(string text, string? url) => Link(text, url) ?? Code(text);

    /// <summary>A link only to an https URL without characters that could end the Markdown link early.</summary>
    private static string? Link(string text, string? url) =>
        url is not null && url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !url.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '<' or '>' or '"' || char.IsControl(c))
            ? $"[{Text(text)}]({url})"
            : null;

    /// <summary>Inline code: backticks and line breaks cannot occur inside it.</summary>
    private static string Code(string text) => "`" + Plain(text).Replace('`', '\'').Replace('\n', ' ').Replace('|', '¦') + "`";

    private static string Cell(string text) => Text(text).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>Markdown-escaped text: no links, emphasis, HTML or table breaks can come from untrusted values.</summary>
    private static string Text(string text)
    {
        var plain = Plain(text);
        var builder = new StringBuilder(plain.Length);
        foreach (var c in plain)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#' or '!' or '~')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Without control characters (C0 but newline, DEL, C1): they must not reach a terminal or an issue.</summary>
    private static string Plain(string text) =>
        text.Any(IsControl) ? new string(text.Where(c => !IsControl(c)).ToArray()) : text;

    private static bool IsControl(char c) => (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f);
}
