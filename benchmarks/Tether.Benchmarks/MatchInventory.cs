using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Benchmarks;

/// <summary>
/// The package side of the matching benchmark: every installed package version of a <see cref="PackageCatalog"/> as a
/// package node (distro binaries with their source), and the images' contents as SBOM ingest stores them
/// (<c>image -has_layer-> layer -contains_package-> package</c>, see <c>SbomNormalizer</c>). Each image of the
/// <see cref="InventoryGenerator"/> has its base layer (diff id i mod 50) and its own app layer. The 50 base layers are
/// five base images (four Debian 12 variants of 40–130 source packages, one Alpine 3.19) at ten points in time, so a
/// base package version is in 10–80% of images; an app layer holds 20–60 libraries of one language, drawn with a
/// skew (rank = n·u³) so a popular library is in many images and most in few. Deterministic per seed.
/// </summary>
public sealed class MatchInventory
{
    public const string Collector = "sbom-file";
    private const int BaseLayers = 50;
    private const int BaseImages = 5;
    private static readonly int[] DebianVariantSources = [40, 70, 100, 130];
    private const int AlpineOrigins = 40;

    private readonly PackageCatalog _catalog;
    private readonly InventorySize _size;
    private readonly int _seed;
    private readonly DateTimeOffset _now = new(2026, 1, 15, 11, 0, 0, TimeSpan.Zero);

    public MatchInventory(PackageCatalog catalog, InventorySize size, int seed = 5)
    {
        _catalog = catalog;
        _size = size;
        _seed = seed;
    }

    /// <summary>Every installed package version as a node, in batches.</summary>
    public IEnumerable<GraphBatch> PackageBatches(int batchSize = 10_000)
    {
        var batch = new GraphBatch(Collector, _now);
        var count = 0;
        foreach (var family in PackageCatalog.Families)
        {
            for (var index = 0; index < _catalog.InventoryNames(family); index++)
            {
                foreach (var facts in Packages(family, index))
                {
                    batch.Add(facts);
                    if (++count % batchSize == 0)
                    {
                        yield return batch;
                        batch = new GraphBatch(Collector, _now);
                    }
                }
            }
        }

        if (!batch.IsEmpty)
        {
            yield return batch;
        }
    }

    /// <summary>The package nodes of one name: every binary at every installed version.</summary>
    public static IEnumerable<PackageFacts> Packages(PackageFamily family, int index)
    {
        var ecosystem = PackageCatalog.PackageEcosystem(family);
        var source = PackageCatalog.Name(family, index);
        foreach (var version in PackageCatalog.Versions(family, index))
        {
            foreach (var binary in PackageCatalog.Binaries(family, index))
            {
                yield return new PackageFacts(ecosystem, binary, version)
                {
                    Type = Type(family),
                    Purl = Purl(family, binary, version),
                    SourceName = PackageCatalog.IsDistro(family) ? source : null,
                    SourceVersion = PackageCatalog.IsDistro(family) ? version : null,
                };
            }
        }
    }

    /// <summary>Package keys of base layer <paramref name="layer"/> (0–49).</summary>
    public static IReadOnlyList<string> BaseLayerPackages(int layer)
    {
        var image = layer % BaseImages;
        var time = layer / BaseImages;
        var (family, sources) = image < DebianVariantSources.Length
            ? (PackageFamily.Debian, DebianVariantSources[image])
            : (PackageFamily.Alpine, AlpineOrigins);
        var keys = new List<string>();
        for (var source = 0; source < sources; source++)
        {
            var version = PackageCatalog.Version(family, source, BaseVersion(family, source, time));
            keys.AddRange(PackageCatalog.Binaries(family, source).Select(b => PackageFacts.KeyOf(PackageCatalog.PackageEcosystem(family), b, version)));
        }

        return keys;
    }

    /// <summary>The installed version index of a distro source in a base image built at <paramref name="time"/> (0–9): security updates arrive over time.</summary>
    public static int BaseVersion(PackageFamily family, int source, int time) =>
        Math.Min(PackageCatalog.VersionCount(family, source) - 1, time * PackageCatalog.VersionCount(family, source) / 10);

    /// <summary>The base images (variants) that include a distro source.</summary>
    public static IEnumerable<int> BaseImagesWith(PackageFamily family, int source) => family == PackageFamily.Alpine
        ? source < AlpineOrigins ? [BaseImages - 1] : []
        : Enumerable.Range(0, DebianVariantSources.Length).Where(v => source < DebianVariantSources[v]);

    /// <summary>Images whose base layer holds <paramref name="source"/> at one of the installed versions 0…<paramref name="upTo"/>.</summary>
    public int ImagesWithBaseSource(PackageFamily family, int source, int upTo)
    {
        var images = 0;
        foreach (var variant in BaseImagesWith(family, source))
        {
            for (var time = 0; time < BaseLayers / BaseImages; time++)
            {
                if (BaseVersion(family, source, time) <= upTo)
                {
                    var layer = time * BaseImages + variant;
                    images += _size.Images / BaseLayers + (layer < _size.Images % BaseLayers ? 1 : 0);
                }
            }
        }

        return images;
    }

    /// <summary>Package keys of image <paramref name="image"/>'s app layer: 20–60 libraries of one language.</summary>
    public IReadOnlyList<string> AppLayerPackages(int image)
    {
        var random = new Random(_seed * 1_000_003 + image);
        var pick = random.Next(100);
        var family = pick < 40 ? PackageFamily.Npm : pick < 65 ? PackageFamily.PyPI : pick < 85 ? PackageFamily.Maven : PackageFamily.Go;
        var names = _catalog.InventoryNames(family);
        var count = 20 + random.Next(41);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var u = random.NextDouble();
            var index = (int)(names * u * u * u);
            var version = PackageCatalog.Version(family, index, random.Next(PackageCatalog.VersionCount(family, index)));
            keys.Add(PackageFacts.KeyOf(PackageCatalog.PackageEcosystem(family), PackageCatalog.Name(family, index), version));
        }

        return [.. keys];
    }

    /// <summary>
    /// The images' layers and contents as SBOM ingest stores them, in batches of <paramref name="imagesPerBatch"/> images;
    /// the first batch also states the base layers' contents. Every package node must already be stored.
    /// </summary>
    public IEnumerable<GraphBatch> LayerBatches(InventoryGenerator generator, int imagesPerBatch = 2_000)
    {
        ArgumentNullException.ThrowIfNull(generator);
        for (var start = 0; start < _size.Images; start += imagesPerBatch)
        {
            var batch = new GraphBatch(Collector, _now);
            if (start == 0)
            {
                for (var layer = 0; layer < BaseLayers; layer++)
                {
                    var facts = batch.Add(new LayerFacts(generator.BaseLayerDiffId(layer)) { CreatedBy = "# debian.sh --arch amd64 bookworm" });
                    foreach (var key in BaseLayerPackages(layer))
                    {
                        batch.Link(facts.Ref, EdgeTypes.ContainsPackage, new NodeRef(NodeKinds.Package, key), Evidence($"base-{layer}", 0.7));
                    }
                }
            }

            for (var image = start; image < Math.Min(_size.Images, start + imagesPerBatch); image++)
            {
                var document = generator.AppLayerDiffId(image); // stands in for the SBOM file's sha256
                var digest = batch.Add(new ImageFacts(generator.ImageDigest(image)));
                var baseLayer = batch.Add(new LayerFacts(generator.BaseLayerDiffId(image % BaseLayers)));
                var app = batch.Add(new LayerFacts(generator.AppLayerDiffId(image)) { CreatedBy = "RUN /bin/sh -c make # buildkit" });
                batch.Link(digest.Ref, EdgeTypes.HasLayer, baseLayer.Ref, Evidence(document, 1));
                batch.Link(digest.Ref, EdgeTypes.HasLayer, app.Ref, Evidence(document, 1));
                foreach (var key in AppLayerPackages(image))
                {
                    batch.Link(app.Ref, EdgeTypes.ContainsPackage, new NodeRef(NodeKinds.Package, key), Evidence(document, 0.7));
                }
            }

            yield return batch;
        }
    }

    private Evidence Evidence(string document, double confidence) =>
        new(Collector, EvidenceMethods.ScannerReport, confidence, _now, document);

    private static string Type(PackageFamily family) => family switch
    {
        PackageFamily.Debian => "deb",
        PackageFamily.Alpine => "apk",
        PackageFamily.Npm => "npm",
        PackageFamily.PyPI => "pypi",
        PackageFamily.Maven => "maven",
        _ => "golang",
    };

    private static string Purl(PackageFamily family, string name, string version) => family switch
    {
        PackageFamily.Debian => $"pkg:deb/debian/{name}@{version}?distro=debian-12",
        PackageFamily.Alpine => $"pkg:apk/alpine/{name}@{version}?distro=3.19",
        PackageFamily.Maven => $"pkg:maven/{name.Replace(':', '/')}@{version}",
        PackageFamily.Npm => $"pkg:npm/{name.Replace("@", "%40", StringComparison.Ordinal)}@{version}",
        PackageFamily.PyPI => $"pkg:pypi/{name.ToLowerInvariant()}@{version}",
        _ => $"pkg:golang/{name}@{version}",
    };
}
