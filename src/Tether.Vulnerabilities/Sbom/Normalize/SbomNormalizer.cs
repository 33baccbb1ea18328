using Tether.Core.Errors;
using Tether.Core.Graph;
using Tether.Core.Identity;
using Tether.Core.Model;
using Tether.Vulnerabilities.Reports.Normalize;
using Tether.Vulnerabilities.Reports.Parse;
using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Vulnerabilities.Sbom.Normalize;

/// <summary>
/// Turns SBOM package lists into graph facts in one batch: <c>image -has_layer-> layer -contains_package-> package</c>
/// when the SBOM names the package's layer, <c>image -contains_package-> package</c> when it does not. Packages and
/// layers are keyed by content (<c>{ecosystem}|{name}|{version}</c>, diff id), so images that share a base layer share
/// its nodes. The image is keyed by digest under <see cref="ImageDigestRules"/>. Every edge has collector
/// <c>sbom-file</c>, method <c>scanner-report</c> (an SBOM is what a scanner reports about an image's contents) and
/// the SBOM's sha256 as document.
/// </summary>
public sealed class SbomNormalizer(GraphBatch batch)
{
    /// <summary>The collector name on evidence and batches made from SBOM files.</summary>
    public const string Collector = "sbom-file";

    /// <summary>Trivy compares package databases layer by layer: the layer is the one that installed the package.</summary>
    public const double LayerByPackageDatabaseDiff = 0.9;

    /// <summary>
    /// Syft (and others) name the layer of the file they read the package from; for a package database that is the
    /// topmost layer that rewrote it, so packages installed earlier are attributed to a later layer.
    /// </summary>
    public const double LayerOfEvidenceFile = 0.7;

    private readonly GraphBatch _batch = batch ?? throw new ArgumentNullException(nameof(batch));
    private readonly Dictionary<string, PackageFacts> _packages = new(StringComparer.Ordinal);
    private readonly HashSet<(NodeRef From, string Type, NodeRef To)> _links = [];

    /// <exception cref="InputException">The SBOM names no image digest and <paramref name="declared"/> is null.</exception>
    public SbomIngestResult Add(SbomPackageList list, DeclaredImage? declared)
    {
        ArgumentNullException.ThrowIfNull(list);
        var notes = new List<string>(list.Notes);
        var images = ImageDigestRules.TryChoose(list.Image, declared, notes) ?? throw NoDigest(list);
        foreach (var image in images)
        {
            _batch.Add(ImageFactsFor(image, list.Image));
        }

        // Trivy and Tether both attribute a package to the layer whose package database first lists it.
        var layerConfidence = list.Producer?.Is("trivy") == true || list.Producer?.Is(SbomProducer.Tether) == true
            ? LayerByPackageDatabaseDiff
            : LayerOfEvidenceFile;
        var packageKeys = new HashSet<string>(StringComparer.Ordinal);
        var layers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var package in list.Packages)
        {
            var facts = Merge(package);
            packageKeys.Add(facts.Key);
            if (package.LayerDiffId is { } diffId)
            {
                var layer = _batch.Add(new LayerFacts(diffId));
                layers.Add(diffId);
                foreach (var image in images)
                {
                    Link(new NodeRef(NodeKinds.Image, image.Digest), EdgeTypes.HasLayer, layer.Ref, list, image.Confidence);
                }

                Link(layer.Ref, EdgeTypes.ContainsPackage, facts.Ref, list, layerConfidence);
            }
            else
            {
                foreach (var image in images)
                {
                    Link(new NodeRef(NodeKinds.Image, image.Digest), EdgeTypes.ContainsPackage, facts.Ref, list, image.Confidence);
                }
            }
        }

        return new SbomIngestResult(list.Source, list.Description, list.DocumentDigest, images, packageKeys.Count, layers.Count, list.Ecosystems, notes);
    }

    private void Link(NodeRef from, string type, NodeRef to, SbomPackageList list, double confidence)
    {
        if (_links.Add((from, type, to)))
        {
            _batch.Link(from, type, to, new Evidence(Collector, EvidenceMethods.ScannerReport, confidence, _batch.ObservedAt, list.DocumentDigest));
        }
    }

    /// <summary>One node per package key in the batch; a value another SBOM in the batch gave is kept when this one has none.</summary>
    private PackageFacts Merge(SbomPackage package)
    {
        var facts = new PackageFacts(package.Ecosystem, package.Name, package.Version)
        {
            Purl = package.Purl,
            Type = package.Type,
            SourceName = package.SourceName,
            SourceVersion = package.SourceVersion,
            Licenses = package.Licenses.Count == 0 ? null : package.Licenses,
        };
        if (_packages.TryGetValue(facts.Key, out var known))
        {
            facts = known with
            {
                SourceName = known.SourceName ?? facts.SourceName,
                SourceVersion = known.SourceVersion ?? facts.SourceVersion,
                Licenses = known.Licenses ?? facts.Licenses,
            };
        }

        _packages[facts.Key] = facts;
        return _batch.Add(facts);
    }

    /// <summary>Only a manifest digest gets content facts (config, diff ids): a repository or declared digest may be an index.</summary>
    private static ImageFacts ImageFactsFor(LinkedImage image, ReportedImage reported) =>
        image.Role != ImageDigestRole.Manifest
            ? new ImageFacts(image.Digest)
            : new ImageFacts(image.Digest)
            {
                IsIndex = false,
                ConfigDigest = reported.ConfigDigest,
                DiffIds = reported.DiffIds.Count == 0 ? null : reported.DiffIds,
            };

    private static InputException NoDigest(SbomPackageList list)
    {
        var (field, fields) = list.Format == SbomFormat.CycloneDx
            ? ("metadata.component", "an aquasecurity:trivy:RepoDigest property or, from Syft, a digest version")
            : ("packages", "a described container package with RepoDigest annotations or, from Syft, a pkg:oci purl");
        var config = list.Image.ConfigDigest is { } id
            ? $" Its image id {Digest.Short(id)} is a config digest, which no registry or pod reports."
            : "";
        return new InputException(
            list.Source,
            field,
            $"the SBOM names no manifest or repository digest for its image ('{list.Image.Name}'; expected {fields}), " +
            $"so its packages cannot be attached to an image.{config} Pass --image REF@sha256:… with the image's digest.");
    }
}
