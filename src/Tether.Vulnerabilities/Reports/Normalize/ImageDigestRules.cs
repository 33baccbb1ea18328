using Tether.Core.Errors;
using Tether.Core.Identity;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Reports.Normalize;

/// <summary>
/// Which digests a report's findings attach to. Images are keyed by manifest digest, so:
/// <list type="number">
/// <item>every distinct digest the report gives as a manifest digest or a repository digest is linked, the
/// manifest digest first (it names exactly the platform image scanned; a repository digest may be an index);</item>
/// <item>the config digest (Trivy <c>Metadata.ImageID</c>, Grype <c>imageID</c>) is never a key: it is kept on the
/// findings as <c>imageConfigDigest</c>;</item>
/// <item><c>--image</c> declares the digest: when the report names it too, the report's digests are all linked
/// with it first; otherwise it overrides them (a note says so);</item>
/// <item>a report with no digest and no <c>--image</c> is refused.</item>
/// </list>
/// The first linked digest keys the findings (<c>{digest}|{package}|{vulnerability}</c>).
/// </summary>
public static class ImageDigestRules
{
    /// <summary>The scanner recorded this digest for what it scanned; its matches can still be false positives.</summary>
    public const double ReportedConfidence = 0.9;

    /// <summary>Only the user ties the report to this digest.</summary>
    public const double DeclaredConfidence = 0.7;

    public static IReadOnlyList<LinkedImage> Choose(ScannerReport report, DeclaredImage? declared, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (TryChoose(report.Image, declared, notes) is { } linked)
        {
            return linked;
        }

        var (field, scanned) = report.Format == ReportFormat.Trivy
            ? ("Metadata.RepoDigests", "ArtifactName")
            : ("source.target.manifestDigest", "source.target.userInput");
        var config = report.Image.ConfigDigest is { } id
            ? $" Its image id {Digest.Short(id)} is a config digest, which no registry or pod reports."
            : "";
        throw new InputException(
            report.Source,
            field,
            $"the report names no manifest or repository digest for the image it scanned ({scanned} '{report.Image.Name}'), " +
            $"so its findings cannot be attached to an image.{config} Pass --image REF@sha256:… with the image's digest.");
    }

    /// <summary>
    /// The same rules for any document that says which image it is about (an SBOM as well as a report); null when
    /// neither the document nor <paramref name="declared"/> gives a digest, for the caller to say what is missing.
    /// </summary>
    public static IReadOnlyList<LinkedImage>? TryChoose(ReportedImage image, DeclaredImage? declared, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(notes);
        var reported = FromReport(image);
        if (declared is not null)
        {
            if (reported.FirstOrDefault(linked => linked.Digest == declared.Digest) is { } same)
            {
                return [same, .. reported.Where(linked => linked != same)];
            }

            if (reported.Count > 0)
            {
                notes.Add($"--image {declared.Digest} overrides the digests the report names ({string.Join(", ", reported.Select(i => i.Digest))}).");
            }

            return [new LinkedImage(declared.Digest, ImageDigestRole.Declared, declared.Repository is null ? [] : [declared.Repository])];
        }

        return reported.Count == 0 ? null : reported;
    }

    private static List<LinkedImage> FromReport(ReportedImage image)
    {
        var linked = new List<LinkedImage>();
        if (image.ManifestDigest is { } manifest)
        {
            linked.Add(new LinkedImage(manifest, ImageDigestRole.Manifest, RepositoriesOf(image, manifest)));
        }

        foreach (var digest in image.RepoDigests.Select(r => r.Digest).Distinct(StringComparer.Ordinal))
        {
            if (digest != image.ManifestDigest)
            {
                linked.Add(new LinkedImage(digest, ImageDigestRole.Repository, RepositoriesOf(image, digest)));
            }
        }

        return linked;
    }

    private static List<string> RepositoriesOf(ReportedImage image, string digest) =>
        [.. image.RepoDigests.Where(r => r.Digest == digest).Select(r => r.Repository).Distinct(StringComparer.Ordinal)];
}
