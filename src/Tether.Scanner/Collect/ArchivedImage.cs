using Tether.Core.Identity;

namespace Tether.Scanner.Collect;

/// <summary>
/// One image of a <c>docker save</c> archive: the manifest digest to fetch it by, its config digest (what Docker shows
/// as the image ID), and the names it was saved under.
/// </summary>
/// <param name="Index">Its position in <c>manifest.json</c> (0-based; <c>@N</c> selects it).</param>
/// <param name="ManifestDigest">
/// The manifest's digest: the archive's own OCI manifest when it holds one (Docker ≥ 25), else one Tether synthesized
/// from <c>manifest.json</c> (<see cref="ManifestSynthesized"/>), which no registry knows.
/// </param>
/// <param name="ConfigDigest">sha256 of the config as stored: Docker's image ID.</param>
/// <param name="Names">The <c>RepoTags</c>, normalized as Docker does (<c>nginx:1</c> → <c>docker.io/library/nginx:1</c>); empty for an untagged save.</param>
public sealed record ArchivedImage(int Index, string ManifestDigest, string ConfigDigest, IReadOnlyList<ImageName> Names)
{
    /// <summary>True when the archive has no manifest for this image and <see cref="ManifestDigest"/> is Tether's.</summary>
    public bool ManifestSynthesized { get; init; }

    /// <summary>The index in the archive's <c>index.json</c> the manifest was found under, when it was an image index.</summary>
    public string? IndexDigest { get; init; }

    /// <summary>How messages name it: its first tag, else its image ID.</summary>
    public override string ToString() =>
        Names.Count > 0 ? Names[0].ToString() : $"image {Digest.Short(ConfigDigest)} (untagged, @{Index})";
}
