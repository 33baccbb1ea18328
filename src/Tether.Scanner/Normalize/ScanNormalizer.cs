using Tether.Core.Graph;
using Tether.Core.Identity;
using Tether.Core.Model;
using Tether.Registry.Sync;
using Tether.Scanner.Analyze;
using Tether.Scanner.Analyze.Os.Release;
using Tether.Scanner.Attribute;
using Tether.Scanner.Scan;
using Tether.Vulnerabilities.Sbom.Normalize;
using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Scanner.Normalize;

/// <summary>A package of the scanned image as matching and the graph key it, with the layer that installed it.</summary>
public sealed record ImagePackage(ScannedPackage Scanned, PackageFacts Facts, int Layer, string LayerDiffId);

/// <summary>What a scan found, and the batch that stores it.</summary>
public sealed record ScanResult(ImageScan Scan, OperatingSystemRelease? Os, IReadOnlyList<ImagePackage> Packages, IReadOnlyList<string> Notes, GraphBatch Batch)
{
    public string ManifestDigest => Scan.Image.ManifestDigest;

    /// <summary>The index (0 = base) of the layer that installed the package with this key, or null when the scan did not find it.</summary>
    public int? LayerOf(string packageKey) => Packages.FirstOrDefault(p => p.Facts.Key == packageKey)?.Layer;

    /// <summary>Each layer's history step, base-image membership and Dockerfile line (when a CI report gave the Dockerfile).</summary>
    public ImageAttribution Attribution { get; init; } = new(null, null, []);
}

/// <summary>
/// Turns an image scan into graph facts: the image by manifest digest, its layers by diff id (with the history step that
/// created each, for the Dockerfile attribution), and each package on the layer that installed it:
/// <c>image -has_layer-> layer -contains_package-> package</c>, collector <c>image-scan</c>, method <c>image-scan</c>,
/// document the manifest digest. Package keys are those of SBOM ingestion (<c>{ecosystem}|{name}|{version}</c>), so
/// a scanned package and the same package from a Syft SBOM are one node and one match.
/// </summary>
public static class ScanNormalizer
{
    public const string Collector = "image-scan";

    /// <summary>A package database lists each version per layer, so the installing layer is known from the diff of versions.</summary>
    public const double LayerByDatabaseDiff = 0.95;

    /// <summary>A package that is its own file (a package.json, a jar) is in the layer that holds the file.</summary>
    public const double LayerOfOwnFile = 1.0;

    /// <param name="scan">The scanned image.</param>
    /// <param name="repositoryPath">REGISTRY/REPO the image was read from; null for a local layout or archive, which names no repository
    /// (the image's stored repositories are then left as they are).</param>
    /// <param name="observedAt">When the scan ran.</param>
    /// <param name="context">What the store knows of the image's base and Dockerfile (<see cref="StoredImageContext.LoadAsync"/>);
    /// null: nothing, the layers keep their history steps only.</param>
    public static ScanResult Build(ImageScan scan, string? repositoryPath, DateTimeOffset observedAt, StoredImageContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var os = OsReleaseDetector.Detect(scan.Filesystem.MetadataFiles.ToDictionary(f => f.Key, f => (ReadOnlyMemory<byte>)f.Value, StringComparer.Ordinal));
        var notes = new List<string>();
        if (os is null && scan.Filesystem.Packages.Any(p => p.Package.Type is "deb" or "apk" or "rpm"))
        {
            notes.Add("no OS release file (etc/os-release…) found: OS packages cannot be matched to a distro release");
        }

        var image = scan.Image;
        var batch = new GraphBatch(Collector, observedAt);
        var manifestFacts = ImageFactsOf.Manifest(image.ManifestDigest, image.Manifest, image.ConfigDigest, image.Config, null) with
        {
            Repositories = repositoryPath is null ? null : [repositoryPath],
        };
        context ??= StoredImageContext.Empty;
        var baseImage = BaseImageDetector.Detect(manifestFacts, context.Candidates, context.Dockerfile);
        var imageFacts = batch.Add(manifestFacts with { BaseImage = baseImage });
        LinkBaseImage(batch, imageFacts, baseImage);

        var createdBy = LayerHistory(image.Config);
        var attribution = ImageAttribution.Of(imageFacts, createdBy, baseImage, context.Dockerfile);
        var layers = new List<LayerFacts>();
        for (var i = 0; i < scan.Layers.Count; i++)
        {
            var layer = batch.Add(new LayerFacts(scan.Layers[i].Scan.DiffId) { CreatedBy = createdBy?[i] });
            layers.Add(layer);
            batch.Link(imageFacts, EdgeTypes.HasLayer, layer, Evidence(batch, 1.0, image.ManifestDigest));
        }

        var packages = new List<ImagePackage>();
        var linked = new HashSet<(string Layer, string Package)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // A package found twice (a lock file and its node_modules, two jars) is one package: the earliest layer holds it.
        foreach (var layered in scan.Filesystem.Packages.OrderBy(p => p.IntroducedIn))
        {
            var facts = Facts(layered.Package, os, notes);
            if (facts is null)
            {
                continue;
            }

            batch.Add(facts);
            var layer = layers[layered.IntroducedIn];
            if (seen.Add(facts.Key))
            {
                packages.Add(new ImagePackage(layered.Package, facts, layered.IntroducedIn, layer.DiffId));
            }

            if (linked.Add((layer.DiffId, facts.Key)))
            {
                var confidence = layered.Package.Type is "deb" or "apk" or "rpm" ? LayerByDatabaseDiff : LayerOfOwnFile;
                batch.Link(layer, EdgeTypes.ContainsPackage, facts, Evidence(batch, confidence, image.ManifestDigest));
            }
        }

        notes.AddRange(scan.Layers.SelectMany((l, i) => l.Scan.Warnings.Select(w => $"layer {i + 1}: {w}")));
        return new ScanResult(scan, os, packages, notes, batch) { Attribution = attribution };
    }

    /// <summary><c>image -base_image-> base</c> when the base's digest is known: by its layers, or as the annotation states it.</summary>
    private static void LinkBaseImage(GraphBatch batch, ImageFacts image, BaseImageInfo? baseImage)
    {
        if (baseImage is not { Digest: { } text } || !Digest.TryParse(text, out var digest) || digest == image.Digest)
        {
            return;
        }

        var method = baseImage.Method == BaseImageMethods.LayerMatch ? EvidenceMethods.LayerPrefix : EvidenceMethods.OciLabel;
        var target = batch.Add(new ImageFacts(digest));
        batch.Link(image, EdgeTypes.BaseImage, target, new Evidence(Collector, method, baseImage.Confidence, batch.ObservedAt, image.Digest));
    }

    private static PackageFacts? Facts(ScannedPackage package, OperatingSystemRelease? os, List<string> notes)
    {
        var purlText = PackageUrls.For(package, os);
        if (!PackageUrl.TryParse(purlText, out var purl, out var error))
        {
            notes.Add($"{package.Path}: {package.Name} {package.Version}: no valid package URL ({error})");
            return null;
        }

        var identity = OsvEcosystems.Resolve(purl, package.Version, os, out var problem);
        if (identity is null)
        {
            notes.Add($"{package.Path}: {package.Name}: {problem}");
            return null;
        }

        return new PackageFacts(identity.Ecosystem, identity.Name, identity.Version)
        {
            Purl = purlText,
            Type = package.Type,
            SourceName = package.SourceName,
            SourceVersion = package.SourceVersion,
            Licenses = package.Licenses.Count == 0 ? null : package.Licenses,
        };
    }

    /// <summary>
    /// The <c>created_by</c> of each layer: history entries that made a layer (not <c>empty_layer</c>), in order. Null
    /// when their count differs from the layers' (a squashed or hand-made image): a shifted mapping would name the wrong line.
    /// </summary>
    public static IReadOnlyList<string?>? LayerHistory(Registry.Parse.ImageConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var steps = config.History.Where(h => !h.EmptyLayer).Select(h => h.CreatedBy).ToList();
        return steps.Count == config.DiffIds.Count ? steps : null;
    }

    private static Evidence Evidence(GraphBatch batch, double confidence, string document) =>
        new(Collector, EvidenceMethods.ImageScan, confidence, batch.ObservedAt, document);
}
