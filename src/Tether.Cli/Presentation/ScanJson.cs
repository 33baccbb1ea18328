using Tether.Scanner.Normalize;
using Tether.Vulnerabilities.Matching;

namespace Tether.Cli.Presentation;

/// <summary>The JSON shape of <c>tether scan -o json</c> (documented in docs/scanner.md).</summary>
public static class ScanJson
{
    public static object View(string target, ScanResult result, IReadOnlyList<VulnerabilityFinding> findings, RematchSummary? stored)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(findings);
        var image = result.Scan.Image;
        var steps = ScanNormalizer.LayerHistory(image.Config);
        return new
        {
            target,
            image = new
            {
                digest = image.ManifestDigest,
                index = image.IndexDigest,
                repository = image.Repository,
                platform = image.Config.Platform?.ToString(),
                config = image.ConfigDigest,
            },
            os = result.Os is { } os ? new { id = os.Id, version = os.Version } : null,
            layers = result.Scan.Layers.Select((l, i) => new
            {
                index = i + 1,
                diffId = l.Scan.DiffId,
                digest = l.Descriptor.Digest,
                compression = l.Scan.Compression,
                createdBy = steps?[i],
                fromCache = l.FromCache,
                entries = l.Scan.Entries.Count,
                packages = result.Packages.Count(p => p.Layer == i),
            }),
            packages = result.Packages.Select(p => new
            {
                ecosystem = p.Facts.Ecosystem,
                name = p.Facts.Name,
                version = p.Facts.Version,
                purl = p.Facts.Purl,
                source = p.Facts.SourceName is null ? null : new { name = p.Facts.SourceName, version = p.Facts.SourceVersion },
                layer = p.Layer + 1,
                layerDiffId = p.LayerDiffId,
                path = p.Scanned.Path,
            }),
            findings = findings.Select(f => new
            {
                finding = MatchJson.Match(f),
                layer = result.LayerOf(f.Package.Key) + 1,
            }),
            stored = stored is null ? null : RematchText.View(stored),
            notes = result.Notes,
        };
    }
}
