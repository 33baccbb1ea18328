using Tether.Core.Errors;
using Tether.Registry.Client;
using Tether.Registry.Parse;

namespace Tether.Scanner.Collect;

/// <summary>An image ready to scan: its manifest digest (the key), config, and layer descriptors in manifest order.</summary>
public sealed record FetchedImage(string Repository, string ManifestDigest, ImageManifest Manifest, ImageConfig Config, string ConfigDigest)
{
    /// <summary>The index the manifest was chosen from, when the reference named one.</summary>
    public string? IndexDigest { get; init; }
}

/// <summary>
/// Resolves a reference to one image manifest through any <see cref="IContentSource"/> (a registry, an OCI layout):
/// an index is narrowed to the requested platform (default <c>linux/amd64</c>), attestation manifests are never
/// chosen, and the config is read and checked against the manifest's layers.
/// </summary>
public static class ImageFetcher
{
    private const int MaxConfigBytes = 8 * 1024 * 1024;

    public static async Task<FetchedImage> FetchAsync(IContentSource source, string repository, string reference, Platform? platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var content = await source.GetManifestAsync(repository, reference, cancellationToken).ConfigureAwait(false);
        var document = ManifestParser.Parse(content.Bytes, content.MediaType, $"{repository}@{content.Digest}");
        string? indexDigest = null;
        if (document is ImageIndex index)
        {
            var wanted = platform ?? new Platform("linux", "amd64");
            var chosen = index.Manifests.FirstOrDefault(m => m.Platform is { } p && !p.IsUnknown && p.Os == wanted.Os && p.Architecture == wanted.Architecture
                    && (wanted.Variant is null || p.Variant == wanted.Variant))
                ?? throw new InputException($"{repository}@{content.Digest}", "manifests",
                    $"the index has no {wanted} image (it has: {string.Join(", ", index.Manifests.Where(m => m.Platform is { IsUnknown: false }).Select(m => m.Platform!.ToString()))})");
            indexDigest = content.Digest;
            content = await source.GetManifestAsync(repository, chosen.Digest, cancellationToken).ConfigureAwait(false);
            document = ManifestParser.Parse(content.Bytes, content.MediaType, $"{repository}@{content.Digest}");
        }

        if (document is not ImageManifest { IsImage: true } manifest)
        {
            throw new InputException($"{repository}@{content.Digest}", "mediaType", "is not a container image manifest (an artifact, or an index inside an index)");
        }

        var configBytes = await source.GetBlobAsync(repository, manifest.Config, MaxConfigBytes, cancellationToken).ConfigureAwait(false);
        var config = ImageConfigParser.Parse(configBytes, $"{repository}@{manifest.Config.Digest}", MaxConfigBytes);
        if (config.DiffIds.Count != manifest.Layers.Count)
        {
            throw new InputException($"{repository}@{content.Digest}", "layers",
                $"the manifest lists {manifest.Layers.Count} layers but the config's rootfs.diff_ids has {config.DiffIds.Count}");
        }

        return new FetchedImage(repository, content.Digest, manifest, config, manifest.Config.Digest) { IndexDigest = indexDigest };
    }
}
