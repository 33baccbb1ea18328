using Tether.Core.Graph;

namespace Tether.Core.Explore.Schema;

/// <summary>An entity type a query starts from (or names inside a relation), mapped onto one node kind.</summary>
public sealed record EntityType(string Name, string Kind, string Description, IReadOnlyList<string> Aliases);

/// <summary>The entity types of the explorer: the plural name is canonical, the singular and a few synonyms are accepted.</summary>
public static class EntityTypes
{
    public static readonly IReadOnlyList<EntityType> All =
    [
        new("images", NodeKinds.Image, "Container images by manifest digest (index or platform manifest).", ["image"]),
        new("references", NodeKinds.ImageReference, "Tags: registry/repository:tag pointing at an image.", ["reference", "tags", "tag"]),
        new("layers", NodeKinds.Layer, "Filesystem layers by diff id.", ["layer"]),
        new("packages", NodeKinds.Package, "Installed package versions ({ecosystem}|{name}|{version}).", ["package"]),
        new("vulnerabilities", NodeKinds.Vulnerability, "Vulnerabilities by primary id (CVE when it has one).", ["vulnerability", "cves", "cve"]),
        new("findings", NodeKinds.Finding, "Scanner-reported findings (image, package, vulnerability).", ["finding"]),
        new("repositories", NodeKinds.SourceRepository, "Source repositories (github.com/org/repo).", ["repository", "repos", "repo"]),
        new("commits", NodeKinds.Commit, "Commits ({repository}@{sha}).", ["commit"]),
        new("pipeline_runs", NodeKinds.PipelineRun, "CI pipeline runs (one attempt).", ["pipeline_run", "runs", "run"]),
        new("attestations", NodeKinds.Attestation, "Provenance documents.", ["attestation"]),
        new("clusters", NodeKinds.Cluster, "Kubernetes clusters.", ["cluster"]),
        new("namespaces", NodeKinds.Namespace, "Namespaces ({cluster}/{namespace}).", ["namespace"]),
        new("workloads", NodeKinds.Workload, "Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs.", ["workload"]),
        new("pods", NodeKinds.Pod, "Pods ({cluster}/{namespace}/{name}).", ["pod"]),
        new("containers", NodeKinds.Container, "Containers of pods ({cluster}/{namespace}/{pod}/{container}).", ["container"]),
        new("services", NodeKinds.Service, "Kubernetes Services.", ["service"]),
        new("ingresses", NodeKinds.Ingress, "Kubernetes Ingresses.", ["ingress"]),
        new("service_accounts", NodeKinds.ServiceAccount, "Kubernetes service accounts.", ["service_account"]),
    ];

    private static readonly Dictionary<string, EntityType> ByName = All
        .SelectMany(e => e.Aliases.Prepend(e.Name).Select(n => (Name: n, Entity: e)))
        .ToDictionary(p => p.Name, p => p.Entity, StringComparer.OrdinalIgnoreCase);

    public static EntityType? Find(string name) => ByName.GetValueOrDefault(name);

    public static bool IsEntity(string name) => ByName.ContainsKey(name);

    public static EntityType OfKind(string kind) => All.First(e => e.Kind == kind);
}
