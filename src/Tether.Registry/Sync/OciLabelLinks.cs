using Tether.Core.Graph;
using Tether.Core.Identity;
using Tether.Core.Model;

namespace Tether.Registry.Sync;

/// <summary>
/// Links an image to its source from the OCI annotation labels in its config: <c>org.opencontainers.image.revision</c>
/// (a full commit SHA) and <c>org.opencontainers.image.source</c> (the repository URL). Labels are written by
/// whoever builds the image and are not verified, hence a confidence below attested provenance.
/// </summary>
public static class OciLabelLinks
{
    public const string SourceLabel = "org.opencontainers.image.source";
    public const string RevisionLabel = "org.opencontainers.image.revision";
    public const double Confidence = 0.7;

    /// <summary>
    /// Adds image -built_from-> commit -in_repository-> repository when both labels are usable, image
    /// -sourced_from-> repository when only the source is; nothing otherwise. Returns the commit or repository key linked.
    /// </summary>
    public static string? Add(GraphBatch batch, ImageFacts image, IReadOnlyDictionary<string, string>? labels, string collector, string document)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(image);
        if (labels is null || !labels.TryGetValue(SourceLabel, out var sourceUrl) || RepositoryUrl.TryNormalize(sourceUrl) is not { } repositoryUrl)
        {
            return null;
        }

        var evidence = new Evidence(collector, EvidenceMethods.OciLabel, Confidence, batch.ObservedAt, document);
        var repository = batch.Add(new SourceRepositoryFacts(repositoryUrl) { WebUrl = RepositoryUrl.WebUrl(repositoryUrl) });
        if (labels.TryGetValue(RevisionLabel, out var revision) && IsFullSha(revision))
        {
            var commit = batch.Add(new CommitFacts(repositoryUrl, revision.ToLowerInvariant()));
            batch.Link(image, EdgeTypes.BuiltFrom, commit, evidence);
            batch.Link(commit, EdgeTypes.InRepository, repository, evidence);
            return commit.Key;
        }

        batch.Link(image, EdgeTypes.SourcedFrom, repository, evidence);
        return repository.Key;
    }

    /// <summary>A full git SHA-1: 40 hex digits (short SHAs and branch names cannot key a commit).</summary>
    public static bool IsFullSha(string? text) => text is { Length: 40 } && text.All(Uri.IsHexDigit);
}
