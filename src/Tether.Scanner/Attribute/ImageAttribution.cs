using Tether.Core.Model;
using Tether.Core.Trace;

namespace Tether.Scanner.Attribute;

/// <summary>
/// One layer of a scanned image as attributed: the history step that made it, whether it came from the base image
/// (null: not known), and the Dockerfile line that made it when a CI report gave the Dockerfile.
/// </summary>
public sealed record LayerAttribution(int Index, string DiffId, string? CreatedBy, bool? FromBaseImage, DockerfileView? Dockerfile);

/// <summary>An image's base image, its Dockerfile (when reported) and each layer's attribution, bottom to top.</summary>
public sealed record ImageAttribution(BaseImageInfo? BaseImage, DockerfileFacts? Dockerfile, IReadOnlyList<LayerAttribution> Layers)
{
    /// <summary>The layers' history steps only: nothing is known of the base image or the Dockerfile.</summary>
    public static ImageAttribution HistoryOnly(IReadOnlyList<string> diffIds, IReadOnlyList<string?>? createdBy) =>
        new(null, null, [.. diffIds.Select((d, i) => new LayerAttribution(i, d, createdBy?[i], null, null))]);

    /// <summary>
    /// Attributes each layer: from the base image when below its layer count; to a Dockerfile line by the same rules as
    /// the trace (<see cref="DockerfileAttribution"/>), so a scan and a trace never name different lines.
    /// </summary>
    /// <param name="image">The image's facts with its diff ids and history.</param>
    /// <param name="createdBy">Each layer's history step (<c>ScanNormalizer.LayerHistory</c>), null when history and layers disagree.</param>
    /// <param name="baseImage">What <see cref="BaseImageDetector"/> decided.</param>
    /// <param name="dockerfile">The reported Dockerfile, if any.</param>
    public static ImageAttribution Of(ImageFacts image, IReadOnlyList<string?>? createdBy, BaseImageInfo? baseImage, DockerfileFacts? dockerfile)
    {
        ArgumentNullException.ThrowIfNull(image);
        var withBase = image with { BaseImage = baseImage };
        var diffIds = image.DiffIds ?? [];
        var layers = diffIds.Select((diffId, i) => new LayerAttribution(
            i,
            diffId,
            createdBy?[i],
            baseImage?.LayerCount is { } count ? i < count : null,
            dockerfile is null ? null : DockerfileAttribution.Attribute(dockerfile, dockerfile.Repository, dockerfile.Sha, withBase, diffId))).ToList();
        return new ImageAttribution(baseImage, dockerfile, layers);
    }
}
