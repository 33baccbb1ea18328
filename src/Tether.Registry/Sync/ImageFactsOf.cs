using Tether.Core.Model;
using Tether.Registry.Parse;

namespace Tether.Registry.Sync;

/// <summary>The content facts of one platform image, the same whoever read it (registry sync, image scan).</summary>
public static class ImageFactsOf
{
    public static ImageFacts Manifest(string digest, ImageManifest manifest, string configDigest, ImageConfig config, Platform? platform)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(config);
        return new ImageFacts(digest)
        {
            MediaType = manifest.MediaType,
            IsIndex = false,
            Platform = (platform ?? config.Platform)?.ToString(),
            ConfigDigest = configDigest,
            Created = config.Created,
            Labels = config.Labels,
            Annotations = manifest.Annotations,
            History = [.. config.History.Select(h => new ImageHistoryEntry(h.CreatedBy, h.EmptyLayer, h.Created, h.Comment))],
            DiffIds = config.DiffIds,
            Layers = [.. manifest.Layers.Select(l => new ImageLayer(l.Digest, l.Size, l.MediaType))],
        };
    }
}
