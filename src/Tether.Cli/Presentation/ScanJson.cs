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
        var attribution = result.Attribution;
        object? Line(int? layer) => layer is { } i && i < attribution.Layers.Count && attribution.Layers[i].Dockerfile is { } line
            ? new { path = line.Path, line = line.Line, instruction = line.Instruction, method = line.Attribution, confidence = line.Confidence, url = line.Url }
            : null;
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
            baseImage = attribution.BaseImage is { } baseImage
                ? new { name = baseImage.Name, digest = baseImage.Digest, layers = baseImage.LayerCount, method = baseImage.Method, confidence = baseImage.Confidence }
                : null,
            dockerfile = attribution.Dockerfile is { } dockerfile
                ? new { repository = dockerfile.Repository, commit = dockerfile.Sha, path = dockerfile.Path, baseImage = dockerfile.BaseImage }
                : null,
            layers = result.Scan.Layers.Select((l, i) => new
            {
                index = i + 1,
                diffId = l.Scan.DiffId,
                digest = l.Descriptor.Digest,
                compression = l.Scan.Compression,
                createdBy = i < attribution.Layers.Count ? attribution.Layers[i].CreatedBy : null,
                fromBaseImage = i < attribution.Layers.Count ? attribution.Layers[i].FromBaseImage : null,
                dockerfile = Line(i),
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
                dockerfile = Line(p.Layer),
            }),
            findings = findings.Select(f => new
            {
                finding = MatchJson.Match(f),
                layer = result.LayerOf(f.Package.Key) + 1,
                dockerfile = Line(result.LayerOf(f.Package.Key)),
            }),
            stored = stored is null ? null : RematchText.View(stored),
            notes = result.Notes,
        };
    }
}
