using System.Collections.Concurrent;
using Tether.Cli.Infrastructure;
using Tether.Cli.Presentation;
using Tether.Core.Graph;
using Tether.Registry;
using Tether.Registry.Client;
using Tether.Scanner.Analyze;
using Tether.Scanner.Attribute;
using Tether.Scanner.Cache;
using Tether.Scanner.Collect;
using Tether.Scanner.Normalize;
using Tether.Scanner.Scan;
using Tether.Vulnerabilities.Matching;

namespace Tether.Cli.Commands;

/// <summary>What <c>tether registry sync --scan</c> scanned: images new to the scanner, those skipped as already scanned, failures.</summary>
public sealed record RegistryScanReport(int Scanned, int AlreadyScanned, int Packages, int LayersFromCache, int LayersRead, IReadOnlyList<string> Failed)
{
    public RematchSummary Matching { get; init; } = RematchSummary.Empty;
}

/// <summary>
/// <c>--scan</c> for registry sync: scans the synced platform images the scanner has not seen (no <c>has_layer</c> edge
/// with <c>image-scan</c> evidence yet), a few at a time, sharing one layer cache, so a base layer common to every
/// image is read once. One failing image is reported and does not stop the others.
/// </summary>
internal static class RegistryScan
{
    public static async Task<RegistryScanReport> RunAsync(
        IContentSource source, IGraphStore store, string? db, IReadOnlyList<(string Repository, string Digest)> images, int concurrency, CancellationToken ct)
    {
        var pending = new List<(string Repository, string Digest)>();
        foreach (var image in images.DistinctBy(i => i.Digest))
        {
            if (!await ScannedAsync(store, image.Digest, ct))
            {
                pending.Add(image);
            }
        }

        await using var advisories = await StoreLocation.OpenAdvisoriesAsync(db, TimeProvider.System, ct);
        var matcher = new GraphMatcher(store, advisories, TimeProvider.System);
        var cache = new LayerCache(LayerCache.DefaultRoot(), Analyzers.All.Select(a => a.Name));
        var scanner = new ImageScanner(Analyzers.All, cache);
        var failed = new ConcurrentBag<string>();
        var gate = new SemaphoreSlim(1, 1);
        int done = 0, packages = 0, cached = 0, read = 0;
        var matching = RematchSummary.Empty;

        await ProgressBar.RunAsync<int, (long Done, long Total)>(
            "scanning images",
            p => ($"scanned {p.Done} of {p.Total} new images", p.Done, p.Total),
            async bar =>
            {
                await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (image, token) =>
                {
                    try
                    {
                        var fetched = await ImageFetcher.FetchAsync(source, image.Repository, image.Digest, null, token);
                        var scan = await scanner.ScanAsync(source, fetched, cancellationToken: token);
                        StoredImageContext context;
                        await gate.WaitAsync(token);
                        try
                        {
                            context = await StoredImageContext.LoadAsync(store, fetched.ManifestDigest, fetched.IndexDigest, fetched.Config.DiffIds, token);
                        }
                        finally
                        {
                            gate.Release();
                        }

                        var result = ScanNormalizer.Build(scan, $"{source.Registry}/{image.Repository}", TimeProvider.System.GetUtcNow(), context);
                        await gate.WaitAsync(token);
                        try
                        {
                            await store.IngestAsync(result.Batch, token);
                            var summary = await matcher.MatchPackagesAsync([.. result.Packages.Select(p => p.Facts.Key).Distinct()], token);
                            matching = matching.Add(summary);
                            packages += result.Packages.Count;
                            cached += scan.Layers.Count(l => l.FromCache);
                            read += scan.Layers.Count(l => !l.FromCache);
                        }
                        finally
                        {
                            gate.Release();
                        }
                    }
                    catch (Exception e) when (e is RegistryException or Core.Errors.InputException)
                    {
                        failed.Add($"{source.Registry}/{image.Repository}@{image.Digest}: {e.Message}");
                    }

                    bar?.Report((Interlocked.Increment(ref done), pending.Count));
                });
                return 0;
            });

        return new RegistryScanReport(pending.Count - failed.Count, images.Count - pending.Count, packages, cached, read, [.. failed.Order(StringComparer.Ordinal)])
        {
            Matching = matching,
        };
    }

    public static string Line(RegistryScanReport report) =>
        $"scanned {report.Scanned} new images ({report.AlreadyScanned} already scanned; layers: {report.LayersRead} read, {report.LayersFromCache} from cache), " +
        $"{report.Packages} packages; {RematchText.Line(report.Matching)}";

    /// <summary>An image the scanner stored has its layers linked with <c>image-scan</c> evidence.</summary>
    private static async Task<bool> ScannedAsync(IGraphStore store, string digest, CancellationToken ct)
    {
        var node = await store.FindNodeAsync(new NodeRef(NodeKinds.Image, digest), ct);
        return node is not null
            && (await store.GetEdgesAsync([node.Id], EdgeDirection.Outgoing, [EdgeTypes.HasLayer], ct)).Any(e => e.Method == EvidenceMethods.ImageScan);
    }
}
