using Tether.Core.Errors;
using Tether.Core.Graph;
using Tether.Core.Identity;
using Tether.Core.Model;
using Tether.Pipeline.Dockerfiles;
using Tether.Pipeline.Identity;
using Tether.Pipeline.Provenance.Parse;

namespace Tether.Pipeline.Provenance.Normalize;

/// <summary>
/// Turns a read provenance document into graph facts: attestation -attests-> subject images (sha256 subjects),
/// attestation -describes-> run, run -built-> images, run -built_from-> commit -in_repository-> repository, and
/// the Dockerfile BuildKit names. Signatures are not verified, so every edge is <c>unverified-provenance</c> and the
/// attestation says <c>unverified</c>; nothing here claims more than was checked.
/// </summary>
public static class ProvenanceNormalizer
{
    /// <summary>Unsigned-as-far-as-we-know claims: below a CI report, above a guess.</summary>
    public const double Confidence = 0.6;

    public static void Normalize(ProvenanceDocument document, GraphBatch batch)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(batch);
        if (document.Skipped is not null)
        {
            return;
        }

        var evidence = new Evidence(batch.Collector, EvidenceMethods.UnverifiedProvenance, Confidence, batch.ObservedAt, document.Digest);
        var statement = document.Statement;
        var provenance = statement?.Provenance;
        var subjects = statement?.Subjects ?? [];
        var attestation = batch.Add(new AttestationFacts(document.Digest)
        {
            Format = document.Format,
            BundleMediaType = document.BundleMediaType,
            StatementType = statement?.Type,
            PredicateType = statement?.PredicateType,
            BuildType = provenance?.BuildType,
            BuilderId = provenance?.BuilderId,
            InvocationId = provenance?.InvocationId,
            Verification = "unverified",
            SignerIdentity = document.Signer?.Identity,
            SignerIssuer = document.Signer?.Issuer,
            TransparencyLogIndex = document.LogEntry?.LogIndex,
            TransparencyLogIntegratedAt = document.LogEntry?.IntegratedAt,
            Source = document.Source,
            SubjectDigests = [.. subjects.SelectMany(s => s.Digests.Select(d => $"{d.Key}:{d.Value}"))],
            SubjectNames = [.. subjects.Select(s => s.Name).OfType<string>()],
        });

        var images = subjects
            .Where(s => s.Digests.ContainsKey("sha256"))
            .Select(s => "sha256:" + s.Digests["sha256"])
            .Distinct(StringComparer.Ordinal)
            .Select(digest => batch.Add(new ImageFacts(digest)))
            .ToList();
        foreach (var image in images)
        {
            batch.Link(attestation, EdgeTypes.Attests, image, evidence);
        }

        if (provenance is null)
        {
            return;
        }

        var repositoryKey = RepositoryUrl.TryNormalize(provenance.RepositoryUrl);
        CommitFacts? commit = null;
        if (repositoryKey is not null)
        {
            var repository = batch.Add(new SourceRepositoryFacts(repositoryKey) { WebUrl = RepositoryUrl.WebUrl(repositoryKey) });
            if (provenance.CommitSha is { } sha)
            {
                commit = batch.Add(new CommitFacts(repositoryKey, sha));
                batch.Link(commit, EdgeTypes.InRepository, repository, evidence);
            }
        }

        PipelineRunFacts? run = null;
        if (provenance.GitHubRun is { Attempt: { } attempt } reference)
        {
            run = batch.Add(PipelineRuns.GitHub(reference.ServerUrl, reference.Repository, reference.RunId, attempt) with
            {
                Repository = repositoryKey,
                Workflow = provenance.WorkflowPath,
                WorkflowRef = provenance.WorkflowRef,
                Event = provenance.Event,
                Actor = provenance.Actor,
                GitRef = provenance.GitRef,
                StartedAt = provenance.StartedAt,
                Builder = provenance.BuilderId,
                RepositoryId = provenance.RepositoryId,
                CommitSha = provenance.CommitSha,
                RunnerEnvironment = provenance.RunnerEnvironment,
            });
            batch.Link(attestation, EdgeTypes.Describes, run, evidence);
            foreach (var image in images)
            {
                batch.Link(run, EdgeTypes.Built, image, evidence);
            }

            if (commit is not null)
            {
                batch.Link(run, EdgeTypes.BuiltFrom, commit, evidence);
            }
        }
        else if (commit is not null)
        {
            // No run to go through (the document names none, or not its attempt): keep the source reachable directly.
            foreach (var image in images)
            {
                batch.Link(image, EdgeTypes.BuiltFrom, commit, evidence);
            }
        }

        if (commit is not null && provenance.DockerfilePath is { } path)
        {
            var dockerfile = batch.Add(DescribeDockerfile(new DockerfileFacts(commit.Repository, commit.Sha, path), provenance, document.Source));
            batch.Link(dockerfile, EdgeTypes.AtCommit, commit, evidence);
            if (run is not null)
            {
                batch.Link(run, EdgeTypes.UsedDockerfile, dockerfile, evidence);
            }
        }
    }

    private static DockerfileFacts DescribeDockerfile(DockerfileFacts facts, BuildProvenance provenance, string source)
    {
        if (provenance.DockerfileContent is not { } content)
        {
            return facts;
        }

        try
        {
            var parsed = DockerfileParser.Parse(content.Span, $"{source} (embedded Dockerfile)");
            return facts with
            {
                ContentDigest = Digest.Sha256(content.Span),
                BaseImage = parsed.BaseImage,
                Stages = [.. parsed.Stages.Select(s => new DockerfileFrom(s.Line, s.Image, s.Name, s.Platform))],
                Instructions = [.. parsed.Instructions.Select(i => new DockerfileInstruction(i.Line, i.Keyword, i.Text))],
            };
        }
        catch (InputException)
        {
            // The build's own copy did not parse as we read Dockerfiles; its digest still identifies it.
            return facts with { ContentDigest = Digest.Sha256(content.Span) };
        }
    }
}
