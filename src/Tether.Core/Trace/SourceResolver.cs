using Tether.Core.Graph;
using Tether.Core.Identity;
using Tether.Core.Model;

namespace Tether.Core.Trace;

/// <summary>SOURCE layer: commit and repository from the pipeline run, else from the image's OCI labels.</summary>
internal static class SourceResolver
{
    public sealed record Resolved(SourceLayer Layer, DockerfileFacts? Dockerfile, string Repository, string? Sha);

    public static async Task<Resolved?> ResolveAsync(GraphReader graph, StoredNode image, IReadOnlyList<StoredNode> family, StoredNode? run, ICollection<TraceGap> gaps)
    {
        var commits = run is null
            ? []
            : (await graph.FollowAsync([run], EdgeDirection.Outgoing, EdgeTypes.BuiltFrom).ConfigureAwait(false)).Strongest().ToList();
        if (commits.Count == 0)
        {
            commits = (await graph.FollowAsync(family, EdgeDirection.Outgoing, EdgeTypes.BuiltFrom).ConfigureAwait(false)).Strongest().ToList();
        }

        DockerfileFacts? dockerfile = null;
        if (run is not null)
        {
            dockerfile = (await graph.FollowAsync([run], EdgeDirection.Outgoing, EdgeTypes.UsedDockerfile).ConfigureAwait(false))
                .Select(h => graph.Facts<DockerfileFacts>(h.Node)).FirstOrDefault();
        }

        if (commits.Count > 0)
        {
            var hop = commits[0];
            var commit = graph.Facts<CommitFacts>(hop.Node);
            var repository = await graph.FindAsync(new NodeRef(NodeKinds.SourceRepository, commit.Repository)).ConfigureAwait(false);
            if (dockerfile is null)
            {
                gaps.Add(new TraceGap("source", "no Dockerfile was reported for this build (`tether ci report --dockerfile`), so no Dockerfile line."));
            }

            var layer = new SourceLayer(
                commit.Repository,
                (repository is null ? null : graph.Facts<SourceRepositoryFacts>(repository).WebUrl) ?? RepositoryUrl.WebUrl(commit.Repository),
                commit.Sha,
                SourceLinks.Commit(commit.Repository, commit.Sha),
                commit.Author,
                commit.Message,
                null,
                hop.Evidence(run is not null && hop.Origin.Id == run.Id ? "run built from commit" : "image labelled with commit"));
            return new Resolved(layer, dockerfile, commit.Repository, commit.Sha);
        }

        var sourced = (await graph.FollowAsync(family, EdgeDirection.Outgoing, EdgeTypes.SourcedFrom).ConfigureAwait(false)).Strongest().FirstOrDefault();
        if (sourced is not null)
        {
            gaps.Add(new TraceGap("source", "the image names its repository (org.opencontainers.image.source) but no commit."));
            var repository = graph.Facts<SourceRepositoryFacts>(sourced.Node);
            return new Resolved(
                new SourceLayer(repository.Url, repository.WebUrl ?? RepositoryUrl.WebUrl(repository.Url), null, null, null, null, null, sourced.Evidence("image labelled with repository")),
                null,
                repository.Url,
                null);
        }

        gaps.Add(new TraceGap("source", run is null
            ? $"no pipeline run and no org.opencontainers.image.revision/source label link {image.Key} to a commit."
            : $"the pipeline run {run.Key} does not name a commit."));
        return null;
    }
}
