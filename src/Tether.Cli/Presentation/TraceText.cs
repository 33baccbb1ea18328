using System.Globalization;
using Tether.Core.Identity;
using Tether.Core.Trace;

namespace Tether.Cli.Presentation;

/// <summary>One-line summaries of each trace layer, shared by the table and Markdown renderers.</summary>
internal static class TraceText
{
    public static string Runtime(IReadOnlyList<RuntimeInstance> runtime)
    {
        if (runtime.Count == 0)
        {
            return "not running in any collected cluster";
        }

        var groups = runtime
            .GroupBy(r => (r.Cluster, r.Namespace, Workload: r.Workload is { } w ? $"{w.Kind}/{w.Name}" : $"Pod/{r.Pod}"))
            .Select(g =>
            {
                var pods = g.Select(r => r.Pod).Distinct().Count();
                var first = g.First();
                var exposure = g.SelectMany(r => r.Exposure).Select(e => $"{e.Kind} {e.Name}").Distinct().ToList();
                var notes = new List<string> { first.Environment };
                if (first.DataClassification is { } data)
                {
                    notes.Add(data);
                }

                if (exposure.Count > 0)
                {
                    notes.Add("exposed via " + string.Join(", ", exposure));
                }

                return $"{g.Key.Cluster}/{g.Key.Namespace} {g.Key.Workload}: {Plural(pods, "pod")} ({string.Join("; ", notes)})";
            });
        return SafeText.Of(string.Join("\n", groups));
    }

    public static string Registry(RegistryLayer? registry)
    {
        if (registry is null)
        {
            return "—";
        }

        var parts = new List<string>();
        var current = registry.References.Where(r => r.Current).Select(r => r.Reference).ToList();
        parts.Add(current.Count > 0 ? string.Join(", ", current) : registry.References.Count > 0 ? $"{registry.References[0].Reference} (tag moved since)" : "no tag");
        parts.Add(registry.Digest);
        if (registry.Platform is { } platform)
        {
            parts.Add(platform + (registry.IndexDigest is { } index ? $" of index {Digest.Short(index)}" : ""));
        }

        if (registry.Created is { } created)
        {
            parts.Add("built " + Time(created));
        }

        foreach (var attestation in registry.Attestations)
        {
            parts.Add($"attestation {Digest.Short(attestation.Digest)} ({attestation.Verification})");
        }

        return SafeText.Of(string.Join(" · ", parts));
    }

    public static string Pipeline(PipelineLayer? pipeline)
    {
        if (pipeline is null)
        {
            return "—";
        }

        var parts = new List<string>();
        if (pipeline.Workflow is { } workflow)
        {
            parts.Add(workflow);
        }

        parts.Add($"run {(pipeline.RunNumber is { } n ? "#" + n + " " : "")}({pipeline.RunId}, attempt {pipeline.Attempt})");
        if (pipeline.Event is { } trigger)
        {
            parts.Add(trigger + (pipeline.GitRef is { } gitRef ? " to " + gitRef.Replace("refs/heads/", "", StringComparison.Ordinal) : "") + (pipeline.Actor is { } actor ? " by " + actor : ""));
        }

        parts.Add(Evidence(pipeline.Evidence));
        return SafeText.Of(string.Join(" · ", parts));
    }

    public static string Source(SourceLayer? source)
    {
        if (source is null)
        {
            return "—";
        }

        var parts = new List<string> { source.Repository };
        if (source.Commit is { } commit)
        {
            parts.Add("commit " + commit[..Math.Min(7, commit.Length)] + (source.Author is { } author ? " by " + author : ""));
        }

        if (source.Dockerfile is { } dockerfile)
        {
            parts.Add(dockerfile.Line is { } line
                ? $"{dockerfile.Path} line {line}: {dockerfile.Instruction} ({dockerfile.Attribution} {Confidence(dockerfile.Confidence)})"
                : $"{dockerfile.Path} (base {dockerfile.BaseImage ?? "unknown"})");
        }

        parts.Add(Evidence(source.Evidence));
        return SafeText.Of(string.Join(" · ", parts));
    }

    public static string Blast(BlastRadius blast)
    {
        var parts = new List<string>
        {
            $"{Plural(blast.Pods, "pod")}, {Plural(blast.Workloads, "workload")}, {Plural(blast.Namespaces, "namespace")}, {Plural(blast.Clusters.Count, "cluster")}" +
            (blast.Clusters.Count > 0 ? $" ({string.Join(", ", blast.Clusters)})" : ""),
        };
        if (blast.PodsByEnvironment.Count > 0)
        {
            parts.Add(string.Join(", ", blast.PodsByEnvironment.Select(e => $"{e.Key} {e.Value}")));
        }

        if (blast.InternetExposedPods > 0)
        {
            parts.Add($"internet-exposed {blast.InternetExposedPods} via {string.Join(", ", blast.Exposures.Select(e => $"{e.Kind} {e.Name}"))}");
        }

        if (blast.PodsByDataClassification.Count > 0)
        {
            parts.Add("data " + string.Join(", ", blast.PodsByDataClassification.Select(d => $"{d.Key} {d.Value}")));
        }

        if (blast.PrivilegedPods + blast.HostNamespacePods + blast.RunAsRootPods > 0)
        {
            parts.Add($"privileged {blast.PrivilegedPods}, host namespaces {blast.HostNamespacePods}, may run as root {blast.RunAsRootPods}");
        }

        if (blast.CloudIdentities.Count > 0)
        {
            parts.Add("cloud identities " + string.Join(", ", blast.CloudIdentities));
        }

        return SafeText.Of(string.Join(" · ", parts));
    }

    public static string Priority(Priority priority) => SafeText.Of(
        $"{priority.Level} {Number(priority.Score)} = " +
        string.Join(" · ", priority.Factors.Select(f => $"{f.Name} {f.Value} {(f.Contribution >= 0 ? "+" : "")}{Number(f.Contribution)}")));

    public static string Heading(FindingTrace finding) => SafeText.Of(
        $"{finding.Vulnerability.Id} ({finding.Vulnerability.Severity}) in {finding.Package.Name} {finding.Package.Version}" +
        (finding.Package.FixedVersion is { } fixedIn ? $" → fixed in {fixedIn}" : " → no fix yet"));

    public static string Evidence(EvidenceView evidence) => $"{evidence.Method} {Confidence(evidence.Confidence)}";

    private static string Confidence(double confidence) => confidence.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    public static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
