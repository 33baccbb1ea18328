using Tether.Registry.Parse;
using Tether.Scanner.Collect;
using Tether.Scanner.Layers;

namespace Tether.Scanner.Scan;

/// <summary>
/// A root filesystem (<c>dir:PATH</c>) as the scan pipeline's one-layer "image", so the analyzers, the normalizer and the
/// writers run unchanged. It is not an image: it has no manifest, so its "digest" is the directory listing's id
/// (<c>dir:sha256:…</c>, never a <c>sha256:</c> digest) and its repository the path. Such a result is printed, never stored:
/// a graph image keyed by a digest no registry or pod knows would join nothing and look like one that could.
/// </summary>
public static class RootFilesystemScan
{
    /// <summary>Media type of the stand-in manifest and layer (Tether's own, so no reader takes them for OCI content).</summary>
    public const string MediaType = "application/vnd.tether.rootfs";

    public static ImageScan Of(string path, LayerScan layer)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(layer);
        var descriptor = new Descriptor(MediaType, layer.DiffId, layer.UncompressedBytes);
        var manifest = new ImageManifest(MediaType, new Descriptor(MediaType, layer.DiffId, 0), [descriptor], null);
        var config = new ImageConfig(null, null, null, null, null, [], [layer.DiffId]);
        var image = new FetchedImage(path, layer.DiffId, manifest, config, layer.DiffId);
        return new ImageScan(image, [new ScannedLayer(descriptor, layer, FromCache: false)], ImageFilesystem.Merge([layer]));
    }

    /// <summary>Whether the scan is of a root filesystem rather than an image.</summary>
    public static bool IsRootFilesystem(ImageScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return DirectoryScanner.IsDirectoryId(scan.Image.ManifestDigest);
    }
}
