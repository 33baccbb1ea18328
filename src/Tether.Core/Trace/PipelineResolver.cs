using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Core.Trace;

/// <summary>PIPELINE layer: the run that built the image, chosen by the strongest evidence.</summary>
internal static class PipelineResolver
{
    public static async Task<(PipelineLayer? Layer, StoredNode? Run)> ResolveAsync(GraphReader graph, StoredNode image, IReadOnlyList<StoredNode> family, ICollection<TraceGap> gaps)
    {
        var builds = (await graph.FollowAsync(family, EdgeDirection.Incoming, EdgeTypes.Built).ConfigureAwait(false)).Strongest().ToList();
        if (builds.Count == 0)
        {
            gaps.Add(new TraceGap("pipeline", $"no CI report, provenance attestation or build label links {image.Key} to a pipeline run."));
            return (null, null);
        }

        var best = builds[0];
        var run = graph.Facts<PipelineRunFacts>(best.Node);
        var layer = new PipelineLayer(
            run.System,
            run.RunId,
            run.Attempt,
            run.RunNumber,
            run.Workflow,
            run.Event,
            run.Actor,
            run.GitRef,
            run.Url,
            run.Builder,
            best.Evidence("pipeline run built image"),
            builds.Skip(1).Select(h => h.Evidence(h.Node.Id == best.Node.Id ? "pipeline run built image" : $"also built by {h.Node.Key}")).ToList());
        return (layer, best.Node);
    }
}
