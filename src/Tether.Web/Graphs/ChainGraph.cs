using System.Globalization;
using Tether.Core.Trace;

namespace Tether.Web.Graphs;

/// <summary>
/// The four layers as one connected chain: runtime → registry → pipeline → source, each link labelled with the
/// evidence method and confidence that established it. A layer that could not be resolved is drawn dashed.
/// </summary>
public static class ChainGraph
{
    public static GraphModel Build(IReadOnlyList<RuntimeInstance> runtime, RegistryLayer? registry, PipelineLayer? pipeline, SourceLayer? source)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var pods = runtime.Select(r => (r.Cluster, r.Namespace, r.Pod)).Distinct().Count();
        var clusters = runtime.Select(r => r.Cluster).Distinct(StringComparer.Ordinal).Count();
        var nodes = new List<GraphNode>
        {
            pods > 0
                ? new GraphNode("runtime", 0, BlastRadiusGraph.Plural(pods, "pod"), "in " + BlastRadiusGraph.Plural(clusters, "cluster"), runtime.Any(r => r.Exposure.Count > 0))
                : new GraphNode("runtime", 0, "not running", "in any collected cluster", Aggregate: true),
            registry is not null
                ? new GraphNode("registry", 1, LayeredLayout.Fit(registry.References.FirstOrDefault()?.Reference ?? "untagged"), Short(registry.Digest))
                : new GraphNode("registry", 1, "registry unknown", null, Aggregate: true),
            pipeline is not null
                ? new GraphNode("pipeline", 2, LayeredLayout.Fit("run #" + (pipeline.RunNumber ?? pipeline.RunId)), LayeredLayout.Fit(pipeline.Workflow ?? pipeline.System, 34), Href: pipeline.Url)
                : new GraphNode("pipeline", 2, "pipeline unknown", null, Aggregate: true),
            source is not null
                ? new GraphNode("source", 3, LayeredLayout.Fit(RepositoryName(source.Repository) + (source.Commit is { } sha ? "@" + sha[..Math.Min(7, sha.Length)] : "")),
                    source.Dockerfile is { } d ? LayeredLayout.Fit($"{d.Path}" + (d.Line is { } l ? $":{l}" : ""), 34) : null, Href: source.CommitUrl)
                : new GraphNode("source", 3, "source unknown", null, Aggregate: true),
        };
        var links = new List<GraphLink>
        {
            new("runtime", "registry", runtime.Count > 0 ? Label(runtime[0].Evidence) : null),
            new("registry", "pipeline", pipeline is not null ? Label(pipeline.Evidence) : null),
            new("pipeline", "source", source is not null ? Label(source.Evidence) : null),
        };
        return new GraphModel("Four-layer chain", ["Runtime", "Registry", "Pipeline", "Source"], nodes, links);
    }

    public static string Short(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && digest.Length > colon + 13 ? digest[..(colon + 13)] : digest;
    }

    private static string RepositoryName(string repository)
    {
        var parts = repository.Split('/');
        return parts.Length >= 3 ? string.Join('/', parts[1..]) : repository;
    }

    private static string Label(EvidenceView evidence) =>
        $"{evidence.Method} {evidence.Confidence.ToString("0.##", CultureInfo.InvariantCulture)}";
}
