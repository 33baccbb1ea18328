using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Core.Explore.Schema;

/// <summary>A short human name for a node in results (its key stays the identity).</summary>
public static class DisplayNames
{
    public static string Of(StoredNode node, NodeFacts facts)
    {
        ArgumentNullException.ThrowIfNull(node);
        return facts switch
        {
            ImageFacts image => image.Repositories is { Count: > 0 } repositories ? $"{repositories[0]}@{Short(image.Digest)}" : Short(image.Digest),
            PackageFacts package => $"{package.Name} {package.Version} ({package.Ecosystem})",
            VulnerabilityFacts vulnerability => vulnerability.Severity is { } severity ? $"{vulnerability.Id} ({severity})" : vulnerability.Id,
            CommitFacts commit => $"{commit.Repository}@{commit.Sha[..Math.Min(7, commit.Sha.Length)]}",
            PipelineRunFacts run => $"{run.Project} {run.Workflow ?? run.WorkflowName ?? "run"} #{run.RunNumber ?? run.RunId}",
            WorkloadFacts workload => $"{workload.Cluster}/{workload.Namespace} {workload.WorkloadKind}/{workload.Name}",
            FindingFacts finding => $"{finding.VulnerabilityId} in {finding.PackageName} {finding.InstalledVersion}",
            _ => node.Key,
        };
    }

    private static string Short(string digest) => digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length > 19 ? digest[..19] : digest;
}
