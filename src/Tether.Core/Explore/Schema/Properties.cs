using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Core.Explore.Schema;

public enum PropertyType
{
    Text,
    Number,
    Boolean,
    /// <summary>CRITICAL &gt; HIGH &gt; MEDIUM &gt; LOW &gt; NEGLIGIBLE &gt; UNKNOWN.</summary>
    Severity,
    /// <summary>A date/time, compared with an ISO-8601 value.</summary>
    Time,
}

/// <summary>How a property gets its value.</summary>
public enum PropertySource
{
    /// <summary>Read from the node's own facts.</summary>
    Facts,
    /// <summary>Computed for a whole set of nodes at once from their neighbours (environment, exposure…), by the trace's rules.</summary>
    Derived,
    /// <summary>Shorthand for a condition on related entities (<c>running</c> on an image is <c>runs_on()</c>).</summary>
    Shorthand,
}

/// <summary>
/// A property of one kind. <see cref="Read"/> gives a facts property's value: string, double, bool, DateTimeOffset,
/// a list of strings (any element matches) or null (unknown: only <c>!=</c> matches). A shorthand's meaning is
/// <see cref="Expansion"/>, a condition in the text form.
/// </summary>
public sealed record PropertyDefinition(string Name, string Kind, PropertyType Type, PropertySource Source, string Description)
{
    public Func<StoredNode, NodeFacts, object?>? Read { get; init; }

    public string? Expansion { get; init; }
}

/// <summary>The properties of the explorer, per kind (docs/explorer.md lists them).</summary>
public static class Properties
{
    private static PropertyDefinition F<T>(string kind, string name, PropertyType type, Func<T, object?> read, string description) where T : NodeFacts =>
        new(name, kind, type, PropertySource.Facts, description) { Read = (_, facts) => read((T)facts) };

    private static PropertyDefinition D(string kind, string name, PropertyType type, string description) =>
        new(name, kind, type, PropertySource.Derived, description);

    private static PropertyDefinition S(string kind, string name, string expansion, string description) =>
        new(name, kind, PropertyType.Boolean, PropertySource.Shorthand, description + $" (= {expansion})") { Expansion = expansion };

    public static readonly IReadOnlyList<PropertyDefinition> All =
    [
        F<ImageFacts>(NodeKinds.Image, "digest", PropertyType.Text, f => f.Digest, "manifest digest"),
        F<ImageFacts>(NodeKinds.Image, "repository", PropertyType.Text, f => f.Repositories, "registry repositories it was seen in"),
        F<ImageFacts>(NodeKinds.Image, "platform", PropertyType.Text, f => f.Platform, "os/architecture"),
        F<ImageFacts>(NodeKinds.Image, "created", PropertyType.Time, f => f.Created, "creation time in its config"),
        F<ImageFacts>(NodeKinds.Image, "index", PropertyType.Boolean, f => f.IsIndex, "an image index (multi-arch)"),
        S(NodeKinds.Image, "running", "runs_on()", "runs in a current container of a running pod"),
        S(NodeKinds.Image, "deployed", "ran_in()", "was ever seen running"),
        S(NodeKinds.Image, "pushed", "references()", "a tag points at it"),
        S(NodeKinds.Image, "vulnerable", "vulnerabilities()", "has a known vulnerability"),
        S(NodeKinds.Image, "provenance", "built_by() or pushed_by()", "a pipeline run or a source repository is known for it"),
        D(NodeKinds.Image, "superseded", PropertyType.Boolean, "a later build of the same source repository exists (build time: the run's start, else the image's created time)"),

        F<ImageReferenceFacts>(NodeKinds.ImageReference, "registry", PropertyType.Text, f => f.Registry, "registry host"),
        F<ImageReferenceFacts>(NodeKinds.ImageReference, "repository", PropertyType.Text, f => f.Repository, "repository path"),
        F<ImageReferenceFacts>(NodeKinds.ImageReference, "tag", PropertyType.Text, f => f.Tag, "tag"),
        F<LayerFacts>(NodeKinds.Layer, "created_by", PropertyType.Text, f => f.CreatedBy, "the history entry that created it"),

        F<PackageFacts>(NodeKinds.Package, "name", PropertyType.Text, f => f.Name, "package name"),
        F<PackageFacts>(NodeKinds.Package, "version", PropertyType.Text, f => f.Version, "installed version"),
        F<PackageFacts>(NodeKinds.Package, "ecosystem", PropertyType.Text, f => f.Ecosystem, "OSV ecosystem (Debian:12, npm…)"),
        F<PackageFacts>(NodeKinds.Package, "type", PropertyType.Text, f => f.Type, "purl type (deb, npm…)"),
        F<PackageFacts>(NodeKinds.Package, "source_name", PropertyType.Text, f => f.SourceName, "distro source package"),
        S(NodeKinds.Package, "vulnerable", "vulnerabilities()", "matched to a vulnerability"),

        F<VulnerabilityFacts>(NodeKinds.Vulnerability, "id", PropertyType.Text, f => f.Id, "primary id"),
        F<VulnerabilityFacts>(NodeKinds.Vulnerability, "alias", PropertyType.Text, f => f.AliasIds, "other ids"),
        F<VulnerabilityFacts>(NodeKinds.Vulnerability, "severity", PropertyType.Severity, f => f.Severity, "normalized severity"),
        F<VulnerabilityFacts>(NodeKinds.Vulnerability, "cvss", PropertyType.Number, f => f.CvssScore, "CVSS base score"),
        F<VulnerabilityFacts>(NodeKinds.Vulnerability, "cvss_vector", PropertyType.Text, f => f.CvssVector, "CVSS vector"),
        F<VulnerabilityFacts>(NodeKinds.Vulnerability, "title", PropertyType.Text, f => f.Title, "title or summary"),
        F<VulnerabilityFacts>(NodeKinds.Vulnerability, "remote_code_execution", PropertyType.Boolean, RemoteCodeExecution.Recognizes, "remote code execution (see docs/explorer.md for how it is recognised)"),
        F<FindingFacts>(NodeKinds.Finding, "package", PropertyType.Text, f => f.PackageName, "package name"),
        F<FindingFacts>(NodeKinds.Finding, "severity", PropertyType.Severity, f => f.Severity, "severity as reported"),
        F<FindingFacts>(NodeKinds.Finding, "fixed_version", PropertyType.Text, f => f.FixedVersion, "version with the fix"),

        F<SourceRepositoryFacts>(NodeKinds.SourceRepository, "url", PropertyType.Text, f => f.Url, "normalized URL (github.com/org/repo)"),
        F<CommitFacts>(NodeKinds.Commit, "sha", PropertyType.Text, f => f.Sha, "full SHA"),
        F<CommitFacts>(NodeKinds.Commit, "author", PropertyType.Text, f => f.Author, "author name"),
        F<CommitFacts>(NodeKinds.Commit, "message", PropertyType.Text, f => f.Message, "commit message"),
        F<CommitFacts>(NodeKinds.Commit, "timestamp", PropertyType.Time, f => f.Timestamp, "commit time"),
        F<PipelineRunFacts>(NodeKinds.PipelineRun, "system", PropertyType.Text, f => f.System, "CI system"),
        F<PipelineRunFacts>(NodeKinds.PipelineRun, "workflow", PropertyType.Text, f => f.Workflow, "workflow file"),
        F<PipelineRunFacts>(NodeKinds.PipelineRun, "event", PropertyType.Text, f => f.Event, "triggering event"),
        F<PipelineRunFacts>(NodeKinds.PipelineRun, "actor", PropertyType.Text, f => f.Actor, "who triggered it"),
        F<PipelineRunFacts>(NodeKinds.PipelineRun, "git_ref", PropertyType.Text, f => f.GitRef, "branch or tag"),
        F<PipelineRunFacts>(NodeKinds.PipelineRun, "started_at", PropertyType.Time, f => f.StartedAt, "start time"),
        F<AttestationFacts>(NodeKinds.Attestation, "predicate_type", PropertyType.Text, f => f.PredicateType, "in-toto predicate type"),
        F<AttestationFacts>(NodeKinds.Attestation, "verification", PropertyType.Text, f => f.Verification, "verification state"),

        F<ClusterFacts>(NodeKinds.Cluster, "name", PropertyType.Text, f => f.Name, "cluster name"),
        D(NodeKinds.Cluster, "environment", PropertyType.Text, "production, staging, test, development or unknown, from cluster labels"),
        F<NamespaceFacts>(NodeKinds.Namespace, "name", PropertyType.Text, f => f.Name, "namespace name"),
        F<NamespaceFacts>(NodeKinds.Namespace, "cluster", PropertyType.Text, f => f.Cluster, "cluster name"),
        D(NodeKinds.Namespace, "environment", PropertyType.Text, "from namespace labels/annotations, then cluster labels"),
        S(NodeKinds.Namespace, "vulnerable", "pods(vulnerabilities())", "holds a running pod with a vulnerability"),
        F<WorkloadFacts>(NodeKinds.Workload, "name", PropertyType.Text, f => f.Name, "workload name"),
        F<WorkloadFacts>(NodeKinds.Workload, "kind", PropertyType.Text, f => f.WorkloadKind, "Deployment, StatefulSet…"),
        F<WorkloadFacts>(NodeKinds.Workload, "namespace", PropertyType.Text, f => f.Namespace, "namespace name"),
        F<WorkloadFacts>(NodeKinds.Workload, "cluster", PropertyType.Text, f => f.Cluster, "cluster name"),
        F<WorkloadFacts>(NodeKinds.Workload, "replicas", PropertyType.Number, f => f.Replicas, "desired replicas"),
        D(NodeKinds.Workload, "environment", PropertyType.Text, "from its namespace and cluster labels"),
        S(NodeKinds.Workload, "running", "pods()", "owns a running pod"),
        F<PodFacts>(NodeKinds.Pod, "name", PropertyType.Text, f => f.Name, "pod name"),
        F<PodFacts>(NodeKinds.Pod, "namespace", PropertyType.Text, f => f.Namespace, "namespace name"),
        F<PodFacts>(NodeKinds.Pod, "cluster", PropertyType.Text, f => f.Cluster, "cluster name"),
        F<PodFacts>(NodeKinds.Pod, "phase", PropertyType.Text, f => f.Phase, "Pending, Running, Succeeded, Failed"),
        F<PodFacts>(NodeKinds.Pod, "node", PropertyType.Text, f => f.NodeName, "Kubernetes node"),
        F<PodFacts>(NodeKinds.Pod, "service_account", PropertyType.Text, f => f.ServiceAccount, "service account name"),
        F<PodFacts>(NodeKinds.Pod, "host_namespaces", PropertyType.Boolean, f => f.HostNetwork || f.HostPid || f.HostIpc, "hostNetwork, hostPID or hostIPC"),
        D(NodeKinds.Pod, "running", PropertyType.Boolean, "current and not Succeeded/Failed (the trace's rule)"),
        D(NodeKinds.Pod, "environment", PropertyType.Text, "production, staging, test, development or unknown: pod, then namespace, then cluster labels (the trace's rule)"),
        D(NodeKinds.Pod, "data_classification", PropertyType.Text, "pii, confidential…: pod, then namespace labels (the trace's rule)"),
        D(NodeKinds.Pod, "internet_exposed", PropertyType.Boolean, "selected by an internet-facing Service (or behind an Ingress) or binding host ports (the trace's rule)"),
        S(NodeKinds.Pod, "privileged", "containers(privileged)", "a container is privileged"),
        S(NodeKinds.Pod, "run_as_root", "containers(run_as_root)", "a container may run as root"),
        S(NodeKinds.Pod, "vulnerable", "vulnerabilities()", "runs an image with a vulnerability"),
        F<ContainerFacts>(NodeKinds.Container, "name", PropertyType.Text, f => f.Name, "container name"),
        F<ContainerFacts>(NodeKinds.Container, "image_name", PropertyType.Text, f => f.Image, "the image as written in the spec"),
        F<ContainerFacts>(NodeKinds.Container, "privileged", PropertyType.Boolean, f => f.Privileged, "securityContext.privileged"),
        F<ContainerFacts>(NodeKinds.Container, "run_as_root", PropertyType.Boolean, f => f.RunAsRoot, "may run as UID 0"),
        F<ContainerFacts>(NodeKinds.Container, "init", PropertyType.Boolean, f => f.Init, "an init container"),
        F<ContainerFacts>(NodeKinds.Container, "capabilities", PropertyType.Text, f => f.AddedCapabilities, "added Linux capabilities"),
        S(NodeKinds.Container, "running", "pod()", "in a running pod"),
        F<ServiceFacts>(NodeKinds.Service, "name", PropertyType.Text, f => f.Name, "service name"),
        F<ServiceFacts>(NodeKinds.Service, "type", PropertyType.Text, f => f.Type, "ClusterIP, NodePort, LoadBalancer…"),
        F<ServiceFacts>(NodeKinds.Service, "internet_facing", PropertyType.Boolean, f => Trace.ExposureRules.IsInternetFacing(f), "reachable from the internet (the trace's rule)"),
        F<IngressFacts>(NodeKinds.Ingress, "host", PropertyType.Text, f => f.Hosts, "host names"),
        F<IngressFacts>(NodeKinds.Ingress, "tls", PropertyType.Boolean, f => f.Tls, "terminates TLS"),
        F<ServiceAccountFacts>(NodeKinds.ServiceAccount, "cloud_identity", PropertyType.Text, f => f.CloudIdentity, "bound cloud identity"),
    ];

    private static readonly Dictionary<(string Kind, string Name), PropertyDefinition> ByName =
        All.ToDictionary(p => (p.Kind, p.Name), p => p);

    /// <summary>Every kind also has <c>key</c> (its identity) and <c>name</c> (as displayed) unless it defines its own.</summary>
    public static PropertyDefinition? Find(string kind, string name)
    {
        var lower = name.ToLowerInvariant();
        if (ByName.TryGetValue((kind, lower), out var property))
        {
            return property;
        }

        return lower switch
        {
            "key" => new PropertyDefinition("key", kind, PropertyType.Text, PropertySource.Facts, "identity key") { Read = (node, _) => node.Key },
            "name" => new PropertyDefinition("name", kind, PropertyType.Text, PropertySource.Facts, "display name") { Read = (node, facts) => DisplayNames.Of(node, facts) },
            _ => null,
        };
    }

    public static IEnumerable<PropertyDefinition> Of(string kind) => All.Where(p => p.Kind == kind);
}
