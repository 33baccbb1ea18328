using Tether.Core.Graph;
using static Tether.Core.Explore.Schema.RelationPaths;

namespace Tether.Core.Explore.Schema;

/// <summary>
/// A named relation from one kind to another: the union of its edge paths. Only the present counts — ended nodes,
/// finished pods and links a pod or container no longer states are skipped — unless <see cref="History"/> is set.
/// </summary>
public sealed record RelationDefinition(string Name, string FromKind, string ToKind, string Paths, string Description, bool History = false)
{
    public IReadOnlyList<IReadOnlyList<PathStep>> Steps { get; } = RelationPaths.Parse(Paths);

    public IReadOnlyList<IReadOnlyList<PathStep>> ReversedSteps { get; } = RelationPaths.Parse(RelationPaths.Reverse(Paths));
}

/// <summary>The relations of the explorer, per starting kind (docs/explorer.md lists them).</summary>
public static class Relations
{
    // Image → …, the building blocks the other kinds compose.
    private const string ImagePackages = "family has_layer> contains_package> | family contains_package>";
    private static readonly string ImageVulnerabilities = Then(ImagePackages, "has_match> of_vulnerability>") + " | family has_finding> of_vulnerability>";
    private const string ImageContainers = "family <runs_image";
    private const string ImagePods = "family <runs_image <has_container";
    private const string ImageRuns = "family <built | family <attests describes>";
    private static readonly string ImageCommits = Then(ImageRuns, "built_from>") + " | family built_from>";
    private static readonly string ImageRepositories = Then(ImageCommits, "in_repository>") + " | family sourced_from>";
    private const string PodImages = "has_container> runs_image>";
    private const string PodWorkloads = "owned_by> | owned_by> owned_by>";

    public static readonly IReadOnlyList<RelationDefinition> All =
    [
        // images
        new("vulnerabilities", NodeKinds.Image, NodeKinds.Vulnerability, ImageVulnerabilities, "vulnerabilities of its packages (Tether's matches and scanner findings)"),
        new("packages", NodeKinds.Image, NodeKinds.Package, ImagePackages, "packages installed in its layers"),
        new("layers", NodeKinds.Image, NodeKinds.Layer, "family has_layer>", "its layers"),
        new("findings", NodeKinds.Image, NodeKinds.Finding, "family has_finding>", "scanner findings reported on it"),
        new("runs_on", NodeKinds.Image, NodeKinds.Pod, ImagePods, "running pods with a container running it"),
        new("containers", NodeKinds.Image, NodeKinds.Container, ImageContainers, "current containers running it"),
        new("ran_in", NodeKinds.Image, NodeKinds.Container, ImageContainers, "every container ever seen running it, ended ones included", History: true),
        new("workloads", NodeKinds.Image, NodeKinds.Workload, Then(ImagePods, PodWorkloads), "workloads owning pods that run it"),
        new("namespaces", NodeKinds.Image, NodeKinds.Namespace, ImagePods + " <contains", "namespaces of pods that run it"),
        new("clusters", NodeKinds.Image, NodeKinds.Cluster, ImagePods + " <contains <contains", "clusters of pods that run it"),
        new("built_by", NodeKinds.Image, NodeKinds.PipelineRun, ImageRuns, "the pipeline runs that built it (CI report or provenance)"),
        new("commits", NodeKinds.Image, NodeKinds.Commit, ImageCommits, "the commits it was built from"),
        new("pushed_by", NodeKinds.Image, NodeKinds.SourceRepository, ImageRepositories, "the source repositories it was built from"),
        new("references", NodeKinds.Image, NodeKinds.ImageReference, "family <resolves_to", "tags pointing at it"),
        new("attestations", NodeKinds.Image, NodeKinds.Attestation, "family <attests", "provenance documents about it"),

        // references, layers, packages, vulnerabilities, findings
        new("image", NodeKinds.ImageReference, NodeKinds.Image, "resolves_to>", "the image it points at"),
        new("packages", NodeKinds.Layer, NodeKinds.Package, "contains_package>", "packages installed by the layer"),
        new("images", NodeKinds.Layer, NodeKinds.Image, "<has_layer", "images having the layer"),
        new("vulnerabilities", NodeKinds.Package, NodeKinds.Vulnerability, "has_match> of_vulnerability>", "vulnerabilities matched to this version"),
        new("images", NodeKinds.Package, NodeKinds.Image, Reverse(ImagePackages), "images holding it"),
        new("packages", NodeKinds.Vulnerability, NodeKinds.Package, "<of_vulnerability <has_match", "package versions it is matched to"),
        new("images", NodeKinds.Vulnerability, NodeKinds.Image, Reverse(ImageVulnerabilities), "images affected"),
        new("pods", NodeKinds.Vulnerability, NodeKinds.Pod, Reverse(Then(PodImages, ImageVulnerabilities)), "running pods affected"),
        new("vulnerability", NodeKinds.Finding, NodeKinds.Vulnerability, "of_vulnerability>", "the vulnerability reported"),
        new("image", NodeKinds.Finding, NodeKinds.Image, "<has_finding", "the image it was reported on"),

        // source and pipeline
        new("images", NodeKinds.SourceRepository, NodeKinds.Image, Reverse(ImageRepositories), "images built from it"),
        new("commits", NodeKinds.SourceRepository, NodeKinds.Commit, "<in_repository", "its commits"),
        new("pipeline_runs", NodeKinds.SourceRepository, NodeKinds.PipelineRun, "<in_repository <built_from", "runs that built its commits"),
        new("repository", NodeKinds.Commit, NodeKinds.SourceRepository, "in_repository>", "its repository"),
        new("images", NodeKinds.Commit, NodeKinds.Image, Reverse(ImageCommits), "images built from it"),
        new("pipeline_runs", NodeKinds.Commit, NodeKinds.PipelineRun, "<built_from", "runs that built it"),
        new("images", NodeKinds.PipelineRun, NodeKinds.Image, "built> | <describes attests>", "images it built"),
        new("commit", NodeKinds.PipelineRun, NodeKinds.Commit, "built_from>", "the commit it built"),
        new("repository", NodeKinds.PipelineRun, NodeKinds.SourceRepository, "built_from> in_repository>", "the repository it built"),
        new("images", NodeKinds.Attestation, NodeKinds.Image, "attests>", "its subjects"),

        // runtime
        new("containers", NodeKinds.Pod, NodeKinds.Container, "has_container>", "its containers"),
        new("images", NodeKinds.Pod, NodeKinds.Image, PodImages, "images its containers run"),
        new("vulnerabilities", NodeKinds.Pod, NodeKinds.Vulnerability, Then(PodImages, ImageVulnerabilities), "vulnerabilities of the images it runs"),
        new("pushed_by", NodeKinds.Pod, NodeKinds.SourceRepository, Then(PodImages, ImageRepositories), "source repositories of the images it runs"),
        new("workloads", NodeKinds.Pod, NodeKinds.Workload, PodWorkloads, "its owners (ReplicaSet, Deployment…)"),
        new("in_namespace", NodeKinds.Pod, NodeKinds.Namespace, "<contains", "its namespace"),
        new("in_cluster", NodeKinds.Pod, NodeKinds.Cluster, "<contains <contains", "its cluster"),
        new("services", NodeKinds.Pod, NodeKinds.Service, "<selects", "services selecting it"),
        new("service_account", NodeKinds.Pod, NodeKinds.ServiceAccount, "runs_as>", "the service account it runs as"),
        new("image", NodeKinds.Container, NodeKinds.Image, "runs_image>", "the image it runs"),
        new("pod", NodeKinds.Container, NodeKinds.Pod, "<has_container", "its pod (running)"),
        new("vulnerabilities", NodeKinds.Container, NodeKinds.Vulnerability, Then("runs_image>", ImageVulnerabilities), "vulnerabilities of the image it runs"),
        new("in_namespace", NodeKinds.Container, NodeKinds.Namespace, "<has_container <contains", "its namespace"),
        new("pods", NodeKinds.Workload, NodeKinds.Pod, Reverse(PodWorkloads), "pods it owns (directly or through a ReplicaSet)"),
        new("images", NodeKinds.Workload, NodeKinds.Image, Then(Reverse(PodWorkloads), PodImages), "images its pods run"),
        new("vulnerabilities", NodeKinds.Workload, NodeKinds.Vulnerability, Then(Then(Reverse(PodWorkloads), PodImages), ImageVulnerabilities), "vulnerabilities of the images its pods run"),
        new("in_namespace", NodeKinds.Workload, NodeKinds.Namespace, "<contains", "its namespace"),
        new("in_cluster", NodeKinds.Workload, NodeKinds.Cluster, "<contains <contains", "its cluster"),
        new("pods", NodeKinds.Namespace, NodeKinds.Pod, "contains>", "its pods"),
        new("workloads", NodeKinds.Namespace, NodeKinds.Workload, "contains>", "its workloads"),
        new("services", NodeKinds.Namespace, NodeKinds.Service, "contains>", "its services"),
        new("images", NodeKinds.Namespace, NodeKinds.Image, "contains> " + PodImages, "images its pods run"),
        new("vulnerabilities", NodeKinds.Namespace, NodeKinds.Vulnerability, Then("contains> " + PodImages, ImageVulnerabilities), "vulnerabilities of images its pods run"),
        new("in_cluster", NodeKinds.Namespace, NodeKinds.Cluster, "<contains", "its cluster"),
        new("namespaces", NodeKinds.Cluster, NodeKinds.Namespace, "contains>", "its namespaces"),
        new("pods", NodeKinds.Cluster, NodeKinds.Pod, "contains> contains>", "its pods"),
        new("workloads", NodeKinds.Cluster, NodeKinds.Workload, "contains> contains>", "its workloads"),
        new("images", NodeKinds.Cluster, NodeKinds.Image, "contains> contains> " + PodImages, "images its pods run"),
        new("pods", NodeKinds.Service, NodeKinds.Pod, "selects>", "pods it selects"),
        new("ingresses", NodeKinds.Service, NodeKinds.Ingress, "<routes_to", "ingresses routing to it"),
        new("services", NodeKinds.Ingress, NodeKinds.Service, "routes_to>", "services it routes to"),
        new("pods", NodeKinds.ServiceAccount, NodeKinds.Pod, "<runs_as", "pods running as it"),
    ];

    private static readonly Dictionary<(string Kind, string Name), RelationDefinition> ByName =
        All.ToDictionary(r => (r.FromKind, r.Name), r => r);

    /// <summary>Accepted synonyms: the target's entity name (<c>pods</c> for <c>runs_on</c>…) and a few verbs.</summary>
    private static readonly Dictionary<(string Kind, string Name), string> Synonyms = new()
    {
        [(NodeKinds.Image, "pods")] = "runs_on",
        [(NodeKinds.Image, "repositories")] = "pushed_by",
        [(NodeKinds.Image, "pipeline_runs")] = "built_by",
        [(NodeKinds.Image, "tags")] = "references",
        [(NodeKinds.Pod, "runs")] = "images",
        [(NodeKinds.Pod, "namespace")] = "in_namespace",
        [(NodeKinds.Pod, "cluster")] = "in_cluster",
        [(NodeKinds.Pod, "owned_by")] = "workloads",
        [(NodeKinds.Pod, "repositories")] = "pushed_by",
        [(NodeKinds.Workload, "namespace")] = "in_namespace",
        [(NodeKinds.Workload, "cluster")] = "in_cluster",
        [(NodeKinds.Workload, "runs")] = "images",
        [(NodeKinds.Namespace, "cluster")] = "in_cluster",
        [(NodeKinds.Container, "namespace")] = "in_namespace",
        [(NodeKinds.Container, "runs")] = "image",
        [(NodeKinds.Vulnerability, "affects")] = "images",
        [(NodeKinds.SourceRepository, "pushes")] = "images",
        [(NodeKinds.SourceRepository, "runs")] = "pipeline_runs",
        [(NodeKinds.Commit, "runs")] = "pipeline_runs",
        [(NodeKinds.PipelineRun, "built")] = "images",
    };

    public static RelationDefinition? Find(string kind, string name)
    {
        var lower = name.ToLowerInvariant();
        return ByName.GetValueOrDefault((kind, lower))
            ?? (Synonyms.TryGetValue((kind, lower), out var canonical) ? ByName[(kind, canonical)] : null);
    }

    public static IEnumerable<RelationDefinition> Of(string kind) => All.Where(r => r.FromKind == kind);
}
