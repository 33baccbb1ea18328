using Tether.Core.Errors;
using Tether.Registry.Client;
using Tether.Registry.Parse;
using Tether.Scanner.Analyze;
using Tether.Scanner.Cache;
using Tether.Scanner.Collect;
using Tether.Scanner.Layers;

namespace Tether.Scanner.Scan;

/// <summary>A layer of the scanned image: its descriptor, what it holds, and whether the scan came from the cache (no download).</summary>
public sealed record ScannedLayer(Descriptor Descriptor, LayerScan Scan, bool FromCache);

/// <summary>An image scanned: the image (manifest digest, config), its layers bottom to top, and the merged filesystem.</summary>
public sealed record ImageScan(FetchedImage Image, IReadOnlyList<ScannedLayer> Layers, ImageFilesystem Filesystem);

/// <summary>Layers done so far out of the image's total, and how many came from the cache.</summary>
public sealed record LayerProgress(int Done, int Total, int Cached, long BytesRead);

/// <summary>
/// Scans an image's layers — each streamed once, several at a time, or taken from the <see cref="LayerCache"/> by diff
/// id — and stacks them into the final filesystem. A layer whose blob does not hash to its descriptor's digest, or whose
/// content does not hash to the config's diff id, is refused: nothing derived from it is returned or cached.
/// </summary>
public sealed class ImageScanner(IReadOnlyList<IFileAnalyzer> analyzers, LayerCache? cache, ScannerLimits? limits = null)
{
    private readonly LayerScanner _layers = new(analyzers, limits);

    /// <summary>Layers downloaded and read at the same time.</summary>
    public int Concurrency { get; init; } = 3;

    public async Task<ImageScan> ScanAsync(IContentSource source, FetchedImage image, IProgress<LayerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(image);
        var descriptors = image.Manifest.Layers;
        var results = new ScannedLayer[descriptors.Count];
        int done = 0, cached = 0;
        long bytes = 0;
        var gate = new object();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, descriptors.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Concurrency), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var layer = await ScanLayerAsync(source, image, i, ct).ConfigureAwait(false);
                results[i] = layer;
                lock (gate)
                {
                    done++;
                    cached += layer.FromCache ? 1 : 0;
                    bytes += layer.FromCache ? 0 : layer.Scan.UncompressedBytes;
                    progress?.Report(new LayerProgress(done, descriptors.Count, cached, bytes));
                }
            }).ConfigureAwait(false);

        return new ImageScan(image, results, ImageFilesystem.Merge([.. results.Select(r => r.Scan)]));
    }

    private async Task<ScannedLayer> ScanLayerAsync(IContentSource source, FetchedImage image, int index, CancellationToken cancellationToken)
    {
        var descriptor = image.Manifest.Layers[index];
        var diffId = image.Config.DiffIds[index];
        if (cache is not null && await cache.GetAsync(diffId, cancellationToken).ConfigureAwait(false) is { } known)
        {
            return new ScannedLayer(descriptor, known, FromCache: true);
        }

        var name = $"{image.Repository}@{descriptor.Digest} (layer {index + 1} of {image.Manifest.Layers.Count})";
        var blob = await source.OpenBlobAsync(image.Repository, descriptor, cancellationToken).ConfigureAwait(false);
        LayerScan scan;
        await using (blob.ConfigureAwait(false))
        {
            scan = await _layers.ScanAsync(blob, name, cancellationToken).ConfigureAwait(false);
        }

        if (descriptor.Digest.StartsWith("sha256:", StringComparison.Ordinal) && scan.BlobDigest != descriptor.Digest)
        {
            throw new InputException(name, "digest", $"the blob hashes to {scan.BlobDigest}, not to its descriptor's digest; refusing it");
        }

        if (scan.DiffId != diffId)
        {
            throw new InputException(name, "rootfs.diff_ids", $"the uncompressed layer hashes to {scan.DiffId}, but the config says {diffId}; refusing it");
        }

        if (cache is not null)
        {
            await cache.PutAsync(scan, cancellationToken).ConfigureAwait(false);
        }

        return new ScannedLayer(descriptor, scan, FromCache: false);
    }
}
