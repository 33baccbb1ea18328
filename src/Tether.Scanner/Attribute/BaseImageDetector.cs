using Tether.Core.Identity;
using Tether.Core.Model;
using Tether.Core.Trace;

namespace Tether.Scanner.Attribute;

/// <summary>How an image's base image was decided, strongest first (<see cref="BaseImageInfo.Method"/>).</summary>
public static class BaseImageMethods
{
    /// <summary>The image's bottom layers are all the layers of a stored image (scanned or synced before).</summary>
    public const string LayerMatch = "base-image-match";
    /// <summary><c>org.opencontainers.image.base.digest</c> / <c>base.name</c>, as a manifest annotation or config label.</summary>
    public const string Annotation = "oci-annotation";
    /// <summary>The reported Dockerfile's final <c>FROM</c>: the layers below the first one its own instructions made.</summary>
    public const string DockerfileFrom = "dockerfile-from";

    public const double LayerMatchConfidence = 0.95;
    public const double AnnotationConfidence = 0.9;
    public const double DockerfileFromConfidence = 0.75;
}

/// <summary>A stored image that may be another's base: its manifest digest, diff ids and where it was seen.</summary>
public sealed record StoredImage(string Digest, IReadOnlyList<string> DiffIds, IReadOnlyList<string>? Repositories);

/// <summary>
/// Decides which image an image was built on, and how many of its bottom layers came from there. Pure: the candidates
/// (stored images sharing the image's first layer) and the Dockerfile are looked up by the caller
/// (<see cref="StoredImageContext"/>).
/// </summary>
public static class BaseImageDetector
{
    public const string BaseDigestKey = "org.opencontainers.image.base.digest";
    public const string BaseNameKey = "org.opencontainers.image.base.name";

    /// <param name="image">The image as it will be stored (digest, diff ids, history, annotations, labels).</param>
    /// <param name="candidates">Stored images that share the image's first layer; the image itself may be among them.</param>
    /// <param name="dockerfile">The Dockerfile a CI report gave for this image, when there is one.</param>
    public static BaseImageInfo? Detect(ImageFacts image, IReadOnlyList<StoredImage> candidates, DockerfileFacts? dockerfile)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(candidates);
        var diffIds = image.DiffIds ?? [];
        // An annotation is the image author's text: a digest that is not one is left out rather than stored as a key.
        var annotatedDigest = Digest.TryParse(Value(image, BaseDigestKey), out var parsed) ? parsed : null;
        var annotatedName = Value(image, BaseNameKey);

        // The longest stored image whose layers are a strict prefix of this one's: a base of a base is shorter.
        var match = candidates
            .Where(c => !string.Equals(c.Digest, image.Digest, StringComparison.Ordinal) && IsStrictPrefix(c.DiffIds, diffIds))
            .OrderByDescending(c => c.DiffIds.Count)
            .ThenByDescending(c => string.Equals(c.Digest, annotatedDigest, StringComparison.Ordinal))
            .ThenBy(c => c.Digest, StringComparer.Ordinal)
            .FirstOrDefault();
        if (match is not null)
        {
            // The stored image whose layers these are is the base the image holds; an annotation naming another image (the
            // index digest, or a stage further down) only names it when nothing stored is known by those layers.
            return string.Equals(match.Digest, annotatedDigest, StringComparison.Ordinal)
                ? new BaseImageInfo(annotatedName ?? match.Repositories?.FirstOrDefault(), match.Digest, match.DiffIds.Count, BaseImageMethods.Annotation, 1.0)
                : new BaseImageInfo(match.Repositories?.FirstOrDefault() ?? annotatedName, match.Digest, match.DiffIds.Count,
                    BaseImageMethods.LayerMatch, BaseImageMethods.LayerMatchConfidence);
        }

        var fromDockerfile = dockerfile is null ? null : DockerfileBaseLayers(image, dockerfile);
        if (annotatedDigest is not null || annotatedName is not null)
        {
            return new BaseImageInfo(annotatedName, annotatedDigest, fromDockerfile, BaseImageMethods.Annotation, BaseImageMethods.AnnotationConfidence);
        }

        return fromDockerfile is null
            ? null
            : new BaseImageInfo(dockerfile!.BaseImage ?? dockerfile.Stages?.LastOrDefault()?.Image, null, fromDockerfile,
                BaseImageMethods.DockerfileFrom, BaseImageMethods.DockerfileFromConfidence);
    }

    /// <summary>
    /// How many bottom layers the Dockerfile's final <c>FROM</c> accounts for: those the trace's attribution gives to the
    /// base (layers below the first whose history matches one of the final stage's instructions). Null when it cannot say.
    /// </summary>
    private static int? DockerfileBaseLayers(ImageFacts image, DockerfileFacts dockerfile)
    {
        var diffIds = image.DiffIds ?? [];
        var count = 0;
        foreach (var diffId in diffIds)
        {
            var view = DockerfileAttribution.Attribute(dockerfile, dockerfile.Repository, dockerfile.Sha, image with { BaseImage = null }, diffId);
            if (view.Attribution != DockerfileAttribution.BaseImageLayers)
            {
                break;
            }

            count++;
        }

        return count > 0 && count < diffIds.Count ? count : null;
    }

    private static bool IsStrictPrefix(IReadOnlyList<string> prefix, IReadOnlyList<string> of)
    {
        if (prefix.Count == 0 || prefix.Count >= of.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(prefix[i], of[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static string? Value(ImageFacts image, string key) =>
        image.Annotations?.GetValueOrDefault(key) is { Length: > 0 } annotation ? annotation
        : image.Labels?.GetValueOrDefault(key) is { Length: > 0 } label ? label
        : null;
}
