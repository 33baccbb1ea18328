namespace Tether.Core.Explore;

/// <summary>A named, described query shipped with Tether.</summary>
public sealed record QueryTemplate(string Name, string Description, string Query);

/// <summary>The built-in templates (issue 5, scenario 2 of DESIGN.md and the explorer's list).</summary>
public static class QueryTemplates
{
    public static readonly IReadOnlyList<QueryTemplate> All =
    [
        new("production-images-with-high-vulnerabilities",
            "Images running in production, pushed by a source repository, with high or critical vulnerabilities.",
            "images where runs_on(pods where environment = production) and pushed_by(repositories) and vulnerabilities(severity >= high)"),
        new("exposed-pods-with-rce",
            "Internet-exposed pods running images with remote-code-execution vulnerabilities.",
            "pods where internet_exposed and images(vulnerabilities(remote_code_execution))"),
        new("namespaces-with-vulnerable-pods",
            "Namespaces containing running pods whose images have known vulnerabilities.",
            "namespaces where pods(vulnerabilities())"),
        new("privileged-containers-with-critical-vulnerabilities",
            "Privileged containers in running pods whose image has a critical vulnerability.",
            "containers where privileged and running and image(vulnerabilities(severity = critical))"),
        new("running-images-without-provenance",
            "Running images with no known pipeline run or source repository.",
            "images where running and not built_by() and not pushed_by()"),
        new("pushed-images-never-deployed",
            "Images a tag points at that no container was ever seen running.",
            "images where pushed and not deployed"),
        new("workloads-running-superseded-images",
            "Workloads whose running image is older than the latest build of the same repository.",
            "workloads where images(superseded)"),
    ];

    public static QueryTemplate? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
