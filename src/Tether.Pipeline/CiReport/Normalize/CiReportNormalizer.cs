using Tether.Core.Graph;
using Tether.Core.Identity;
using Tether.Core.Model;
using Tether.Pipeline.CiReport.Payload;
using Tether.Pipeline.Identity;

namespace Tether.Pipeline.CiReport.Normalize;

/// <summary>
/// Turns a validated payload into graph facts: run -built-> image(s), run -built_from-> commit -in_repository->
/// repository, run -used_dockerfile-> Dockerfile -at_commit-> commit, and tag references -resolves_to-> image.
/// Every edge is <c>ci-report</c> evidence whose document is the payload's sha256, observed when the report was made.
/// </summary>
public static class CiReportNormalizer
{
    /// <summary>The CI step reports what it did itself; short of a verified signature, that is strong evidence.</summary>
    public const double Confidence = 0.9;

    public static void Normalize(CiReportPayload payload, string documentDigest, GraphBatch batch)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(batch);
        // The report speaks for the moment it was made, not for when it reached us: a report ingested days late must not
        // make its tag → digest link look newer than what the registry showed since. A CI clock ahead of ours is capped.
        var observedAt = payload.GeneratedAt < batch.ObservedAt ? payload.GeneratedAt : batch.ObservedAt;
        var evidence = new Evidence(batch.Collector, EvidenceMethods.CiReport, Confidence, observedAt, documentDigest);
        var run = payload.Run;
        var repositoryKey = RepositoryUrl.TryNormalize(run.RepositoryUrl)
            ?? throw new ArgumentException($"Payload repository '{run.RepositoryUrl}' does not normalize; validate with CiReportJson.Read first.", nameof(payload));

        var repository = batch.Add(new SourceRepositoryFacts(repositoryKey) { WebUrl = RepositoryUrl.WebUrl(repositoryKey) });
        var commit = batch.Add(new CommitFacts(repositoryKey, payload.Commit.Sha.ToLowerInvariant())
        {
            Author = payload.Commit.AuthorName,
            AuthorEmail = payload.Commit.AuthorEmail,
            Message = payload.Commit.Message,
            Timestamp = payload.Commit.Timestamp,
        });
        batch.Link(commit, EdgeTypes.InRepository, repository, evidence);

        var identity = run.System == CiRun.GitHubActions
            ? PipelineRuns.GitHub(run.ServerUrl, run.Project, run.RunId, run.Attempt)
            : PipelineRuns.Azure(run.ServerUrl, run.Project, run.RunId, run.Attempt);
        var pipelineRun = batch.Add(identity with
        {
            Repository = repositoryKey,
            Workflow = run.WorkflowPath ?? run.WorkflowName,
            WorkflowRef = run.WorkflowRef,
            WorkflowName = run.WorkflowName,
            WorkflowSha = run.WorkflowSha,
            RunNumber = run.RunNumber,
            Event = run.Event,
            Actor = run.Actor,
            TriggeringActor = run.TriggeringActor,
            GitRef = run.GitRef,
            Job = run.Job,
            RepositoryId = run.RepositoryId,
            CommitSha = commit.Sha,
            Url = run.Url ?? identity.Url,
            RunnerEnvironment = run.Runner?.Environment,
            RunnerName = run.Runner?.Name,
            RunnerOs = run.Runner?.Os,
            RunnerArch = run.Runner?.Arch,
        });
        batch.Link(pipelineRun, EdgeTypes.BuiltFrom, commit, evidence);

        foreach (var reported in payload.Images)
        {
            var names = reported.Names.Select(ImageName.Parse).ToList();
            var image = batch.Add(new ImageFacts(Digest.Parse(reported.Digest, "image digest"))
            {
                MediaType = reported.MediaType,
                IsIndex = reported.MediaType is null ? null : IsIndexMediaType(reported.MediaType),
                Size = reported.Size,
                ConfigDigest = reported.ConfigDigest,
                Repositories = names.Count == 0 ? null : [.. names.Select(n => n.FullRepository).Distinct(StringComparer.Ordinal)],
            });
            batch.Link(pipelineRun, EdgeTypes.Built, image, evidence);

            // Only an explicit tag is a pointer; a bare name (push-by-digest) moved no tag.
            foreach (var name in names.Where(n => n.Tag is not null))
            {
                var reference = batch.Add(new ImageReferenceFacts(name.Registry, name.Repository, name.Tag!));
                batch.Link(reference, EdgeTypes.ResolvesTo, image, evidence);
            }
        }

        if (payload.Dockerfile is { } reportedDockerfile)
        {
            var dockerfile = batch.Add(new DockerfileFacts(repositoryKey, commit.Sha, reportedDockerfile.Path)
            {
                ContentDigest = reportedDockerfile.ContentDigest,
                BaseImage = reportedDockerfile.BaseImage,
                BuildContext = reportedDockerfile.Context,
                Stages = [.. reportedDockerfile.Stages.Select(s => new DockerfileFrom(s.Line, s.Image, s.Name, s.Platform))],
                Instructions = [.. reportedDockerfile.Instructions.Select(i => new DockerfileInstruction(i.Line, i.Keyword, i.Text))],
            });
            batch.Link(pipelineRun, EdgeTypes.UsedDockerfile, dockerfile, evidence);
            batch.Link(dockerfile, EdgeTypes.AtCommit, commit, evidence);
        }
    }

    internal static bool IsIndexMediaType(string mediaType) =>
        mediaType is "application/vnd.oci.image.index.v1+json" or "application/vnd.docker.distribution.manifest.list.v2+json";
}
