using System.Globalization;
using Spectre.Console;
using Tether.Core.Identity;
using Tether.Core.Paths;
using Tether.Core.Trace;

namespace Tether.Cli.Presentation;

/// <summary>Attack paths as text: one block per path, one line per hop with what makes it true.</summary>
internal static class PathsTableWriter
{
    public static void Write(IAnsiConsole console, IReadOnlyList<AttackPath> paths)
    {
        if (paths.Count == 0)
        {
            console.MarkupLine("no attack paths: no internet-exposed workload with a vulnerable image acts as a cloud identity with permissions (see `tether ingest cloud`).");
            return;
        }

        var index = 0;
        foreach (var path in paths)
        {
            var w = path.Workload;
            console.MarkupLine($"[bold]{++index}. {path.Level} {path.Score.ToString("0.#", CultureInfo.InvariantCulture)}[/]  {Markup.Escape(SafeText.Of($"{w.Cluster}/{w.Namespace} {w.Kind}/{w.Name}"))} → {Markup.Escape(SafeText.Of(path.Resource.Name ?? path.Resource.Id))}");
            foreach (var line in Lines(path))
            {
                console.WriteLine("   " + line);
            }

            console.WriteLine("   score: " + string.Join(" + ", path.Factors.Select(f => $"{f.Name} {f.Contribution.ToString("0.#", CultureInfo.InvariantCulture)} ({SafeText.Of(f.Value)})")));
            console.WriteLine();
        }
    }

    /// <summary>The hops as plain lines (also used by the demo).</summary>
    public static IEnumerable<string> Lines(AttackPath path)
    {
        var w = path.Workload;
        var v = path.Vulnerability;
        var i = path.Identity;
        var r = path.Resource;
        yield return "INTERNET  " + SafeText.Of(string.Join("; ", path.Entry.Exposures.Select(e => $"{e.Kind} {e.Name} {e.Detail}".TrimEnd())));
        yield return SafeText.Of($"WORKLOAD  {w.Cluster}/{w.Namespace} {w.Kind}/{w.Name}: {TraceText.Plural(w.Pods, "pod")} ({w.Environment}) run {(w.ImageReferences.Count > 0 ? w.ImageReferences[0] : Digest.Short(w.ImageDigest))} · {Evidence(w.Evidence)}");
        yield return SafeText.Of($"VULN      {v.Id} ({v.Severity}) in {v.Package} {v.Version}{(v.FixedVersion is null ? "" : " → fixed in " + v.FixedVersion)} · priority {v.PriorityLevel} {v.Priority.ToString("0.#", CultureInfo.InvariantCulture)}{(v.OtherFindings > 0 ? $" · {v.OtherFindings} more finding(s)" : "")}{(v.Evidence is null ? "" : " · " + Evidence(v.Evidence))}");
        yield return SafeText.Of($"IDENTITY  service account {i.ServiceAccount} → {i.Annotation} → {i.Provider} {i.Name ?? i.Id}{(i.Name is null ? "" : $" ({i.Id})")}{(i.KubernetesTokenMounted ? " · Kubernetes API token mounted too" : "")} · {Evidence(i.Evidence)}");
        yield return SafeText.Of($"RESOURCE  {string.Join(", ", r.Permissions)} on {r.Type ?? "resource"} {r.Name ?? r.Id} ({r.Sensitivity ?? "unclassified"}{(r.SensitivityLevel is null ? "" : ", " + r.SensitivityLevel)}) · {Evidence(r.Evidence)}");
    }

    // A file digest is shortened as Docker does; an object uid is shown whole (it is what kubectl shows).
    private static string Evidence(EvidenceView e) =>
        $"{e.Method} {(e.Document is null ? "" : e.Document.StartsWith("sha256:", StringComparison.Ordinal) ? "sha256:" + Digest.Short(e.Document) : e.Document)}".TrimEnd();
}
