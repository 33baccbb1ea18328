using System.Text.Json;
using Tether.Core.Identity;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Sbom.Parse;

/// <summary>
/// Reads SPDX JSON 2.2 and 2.3. A package is one with a <c>PACKAGE-MANAGER</c> purl (Syft's older documents spell
/// it <c>PACKAGE_MANAGER</c>); the package(s) the document <c>DESCRIBES</c> are the subject (the image), not
/// packages. Layers: Trivy annotates each package with <c>LayerDiffID</c>; Syft comments each file with
/// <c>layerID: sha256:…</c> and links packages to files (<c>OTHER</c> "evident-by" for the file it read the package
/// from, <c>CONTAINS</c> for the files it owns), so a package's layer is its evidence file's, else the one layer
/// all its files are in.
/// </summary>
internal static class SpdxParser
{
    public static readonly string[] SupportedVersions = ["SPDX-2.2", "SPDX-2.3"];

    private const string DocumentId = "SPDXRef-DOCUMENT";
    private const string BuiltPackagePrefix = "built package from: ";
    private const string LayerCommentPrefix = "layerID: ";

    public static SbomDocument Parse(ReportElement root, string documentDigest)
    {
        var versionField = root.Property("spdxVersion") ?? throw root.Error("spdxVersion is required in an SPDX document.");
        var version = root.RequiredString("spdxVersion");
        if (!SupportedVersions.Contains(version, StringComparer.Ordinal))
        {
            throw versionField.Error($"'{version}' is not supported; Tether reads {string.Join(" and ", SupportedVersions)} JSON.");
        }

        if (root.Property("packages") is null)
        {
            throw root.Error("packages is missing: an SPDX document without packages lists no software to ingest.");
        }

        var notes = new List<string>();
        var producer = Producer(root);
        var links = Links.Read(root);

        var components = new List<SbomComponent>();
        var operatingSystems = new List<OperatingSystemRelease>();
        ReportedImage? image = null;
        var withoutPurl = 0;
        var ambiguousLayers = 0;
        foreach (var item in root.Array("packages", SbomLimits.MaxComponents))
        {
            if (item.Kind != JsonValueKind.Object)
            {
                throw item.Error("must be an object.");
            }

            var package = item.Indexed();
            var id = package.RequiredString("SPDXID");
            var purl = Purl(package);
            if (links.Described.Contains(id))
            {
                if (image is null && IsContainer(package, id))
                {
                    image = Image(package, purl, producer, notes);
                }

                continue;
            }

            if (IsOperatingSystem(package, id))
            {
                if (package.NonEmptyString("name") is { } os)
                {
                    operatingSystems.Add(new OperatingSystemRelease(os.ToLowerInvariant(), package.NonEmptyString("versionInfo")));
                }

                continue;
            }

            if (purl is null)
            {
                withoutPurl++;
                continue;
            }

            if (purl.Type is "oci" or "docker")
            {
                continue;
            }

            var bag = TrivyProperties(package);
            var (sourceName, sourceVersion) = SourceInfo(package);
            var layer = TrivyFields.Layer(bag, "") ?? links.LayerOf(package, id, ref ambiguousLayers);
            components.Add(new SbomComponent(
                package.Path,
                package.NonEmptyString("name"),
                package.NonEmptyString("versionInfo"),
                purl,
                sourceName,
                sourceVersion,
                layer,
                Licenses(package)));
        }

        if (withoutPurl > 0)
        {
            notes.Add($"{withoutPurl} package(s) have no PACKAGE-MANAGER purl and were not read as packages.");
        }

        if (ambiguousLayers > 0)
        {
            notes.Add($"{ambiguousLayers} package(s) own files in several layers and name no evidence file: their layer is left unknown.");
        }

        var distinctOs = operatingSystems.Distinct().ToList();
        image ??= new ReportedImage { Name = root.NonEmptyString("name") };
        return new SbomDocument(
            root.Source, documentDigest, SbomFormat.Spdx, version, producer, image,
            distinctOs.Count == 1 ? distinctOs[0] : null, components, notes);
    }

    /// <summary><c>creationInfo.creators</c>: <c>"Tool: syft-0.58.0"</c>, <c>"Tool: trivy-0.50.1"</c>.</summary>
    private static SbomProducer? Producer(ReportElement root)
    {
        foreach (var creator in root.Object("creationInfo")?.Strings("creators", SbomLimits.MaxListItems) ?? [])
        {
            if (creator.StartsWith("Tool:", StringComparison.Ordinal) && creator[5..].Trim() is { Length: > 0 } tool)
            {
                // Syft writes "syft-[not provided]" when built without version information.
                var dash = tool.IndexOf('-', StringComparison.Ordinal);
                return dash > 0 && tool[(dash + 1)..] is var version && !version.StartsWith('[')
                    ? new SbomProducer(tool[..dash], version)
                    : new SbomProducer(dash > 0 ? tool[..dash] : tool, null);
            }
        }

        return null;
    }

    private static PackageUrl? Purl(ReportElement package)
    {
        foreach (var reference in package.Array("externalRefs", SbomLimits.MaxListItems))
        {
            if (reference.Kind != JsonValueKind.Object)
            {
                throw reference.Error("must be an object.");
            }

            var category = reference.NonEmptyString("referenceCategory");
            if (reference.NonEmptyString("referenceType") == "purl" && category is "PACKAGE-MANAGER" or "PACKAGE_MANAGER")
            {
                return SbomFields.OptionalPurl(reference.RequiredString("referenceLocator"), reference.Property("referenceLocator")!.Value);
            }
        }

        return null;
    }

    // Trivy names its elements by kind (SPDXRef-ContainerImage-…, SPDXRef-OperatingSystem-…); 2.3 adds primaryPackagePurpose.
    private static bool IsContainer(ReportElement package, string id) =>
        package.NonEmptyString("primaryPackagePurpose") == "CONTAINER"
        || id.StartsWith("SPDXRef-ContainerImage-", StringComparison.Ordinal)
        || id.StartsWith("SPDXRef-DocumentRoot-Image-", StringComparison.Ordinal);

    private static bool IsOperatingSystem(ReportElement package, string id) =>
        package.NonEmptyString("primaryPackagePurpose") == "OPERATING-SYSTEM"
        || id.StartsWith("SPDXRef-OperatingSystem-", StringComparison.Ordinal);

    /// <summary>
    /// The described container. Trivy annotates it with <c>ImageID</c>, <c>RepoDigest</c>, <c>DiffID</c>; Syft and Tether
    /// give it a <c>pkg:oci/NAME@DIGEST</c> purl whose digest is the manifest digest they read (Syft's <c>toRootPackage</c>).
    /// </summary>
    private static ReportedImage Image(ReportElement package, PackageUrl? purl, SbomProducer? producer, List<string> notes)
    {
        var image = TrivyFields.Image(TrivyProperties(package), "", package.NonEmptyString("name"));
        if (purl is { Type: "oci", Version: { } version } && Digest.TryParse(version, out var digest))
        {
            if (producer?.Is(SbomProducer.Tether) == true)
            {
                // Tether's image purl carries the manifest digest it scanned (its SpdxWriter).
                image = image with { ManifestDigest = digest };
            }
            else if (producer?.Is("syft") == true)
            {
                notes.Add(
                    $"the image purl's digest {digest} is the manifest digest Syft read; when Syft reads an image from a Docker " +
                    "daemon or an archive, that manifest is one it rebuilt, which no registry serves: give --image REF@DIGEST then.");
                image = image with { ManifestDigest = digest };
            }
            else if (!image.RepoDigests.Any(r => r.Digest == digest))
            {
                notes.Add($"the image purl's digest {digest} is not used as an image key: {producer?.ToString() ?? "the producer"} does not say which digest it is.");
            }
        }

        return image;
    }

    /// <summary>Trivy's properties: <c>annotations[].comment</c>, or <c>attributionTexts[]</c> before Trivy 0.50.</summary>
    private static PropertyBag TrivyProperties(ReportElement package)
    {
        var texts = new List<(string, ReportElement)>();
        foreach (var annotation in package.Array("annotations", SbomLimits.MaxListItems))
        {
            if (annotation.Kind != JsonValueKind.Object)
            {
                throw annotation.Error("must be an object.");
            }

            if (annotation.NonEmptyString("comment") is { } comment)
            {
                texts.Add((comment, annotation.Property("comment")!.Value));
            }
        }

        if (texts.Count == 0)
        {
            foreach (var text in package.Array("attributionTexts", SbomLimits.MaxListItems))
            {
                texts.Add((text.Kind == JsonValueKind.String ? text.Value.GetString()! : throw text.Error("must be a string."), text));
            }
        }

        return texts.Count == 0 ? PropertyBag.Empty : PropertyBag.FromColonTexts(texts);
    }

    /// <summary>Trivy: <c>"built package from: openssl 1:1.0.2k-16.el7"</c>. Syft's "acquired package info from …" names no source package.</summary>
    private static (string? Name, string? Version) SourceInfo(ReportElement package)
    {
        var text = package.NonEmptyString("sourceInfo");
        if (text is null || !text.StartsWith(BuiltPackagePrefix, StringComparison.Ordinal))
        {
            return (null, null);
        }

        var rest = text[BuiltPackagePrefix.Length..].Trim();
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (rest.Length == 0 ? null : rest, null) : (rest[..space], rest[(space + 1)..].Trim() is { Length: > 0 } v ? v : null);
    }

    /// <summary><c>licenseDeclared</c>, else <c>licenseConcluded</c>; <c>NOASSERTION</c> and <c>NONE</c> say nothing.</summary>
    private static IReadOnlyList<string> Licenses(ReportElement package)
    {
        foreach (var field in new[] { "licenseDeclared", "licenseConcluded" })
        {
            if (package.NonEmptyString(field) is { } license && license is not ("NOASSERTION" or "NONE"))
            {
                return [license];
            }
        }

        return [];
    }

    /// <summary>What <c>relationships</c>, <c>documentDescribes</c> and <c>files</c> say about packages.</summary>
    private sealed class Links
    {
        private readonly Dictionary<string, string> _fileLayers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _evidence = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _contains = new(StringComparer.Ordinal);

        public HashSet<string> Described { get; } = new(StringComparer.Ordinal);

        public static Links Read(ReportElement root)
        {
            var links = new Links();
            foreach (var file in root.Array("files", SbomLimits.MaxFiles))
            {
                if (file.Kind != JsonValueKind.Object)
                {
                    throw file.Error("must be an object.");
                }

                // Syft: "layerID: sha256:…" (stereoscope's file-system id is the layer's diff id).
                if (file.NonEmptyString("comment") is { } comment && comment.StartsWith(LayerCommentPrefix, StringComparison.Ordinal))
                {
                    links._fileLayers[file.RequiredString("SPDXID")] =
                        SbomFields.RequiredDigest((comment[LayerCommentPrefix.Length..].Trim(), file.Property("comment")!.Value));
                }
            }

            foreach (var id in root.Strings("documentDescribes", SbomLimits.MaxListItems))
            {
                links.Described.Add(id);
            }

            foreach (var relationship in root.Array("relationships", SbomLimits.MaxRelationships))
            {
                if (relationship.Kind != JsonValueKind.Object)
                {
                    throw relationship.Error("must be an object.");
                }

                var from = relationship.RequiredString("spdxElementId");
                var type = relationship.RequiredString("relationshipType");
                var to = relationship.RequiredString("relatedSpdxElement");
                switch (type)
                {
                    case "DESCRIBES" when from == DocumentId:
                        links.Described.Add(to);
                        break;
                    case "DESCRIBED_BY" when to == DocumentId:
                        links.Described.Add(from);
                        break;
                    case "OTHER" when relationship.NonEmptyString("comment")?.StartsWith("evident-by", StringComparison.Ordinal) == true:
                        links._evidence.TryAdd(from, to);
                        break;
                    case "CONTAINS":
                        links.AddContained(from, to);
                        break;
                }
            }

            return links;
        }

        /// <summary>The evidence file's layer, else the single layer of every file the package owns; null when unknown or ambiguous.</summary>
        public string? LayerOf(ReportElement package, string id, ref int ambiguous)
        {
            if (_evidence.TryGetValue(id, out var evidence) && _fileLayers.TryGetValue(evidence, out var layer))
            {
                return layer;
            }

            var layers = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in (_contains.GetValueOrDefault(id) ?? []).Concat(package.Strings("hasFiles", SbomLimits.MaxFiles)))
            {
                if (_fileLayers.TryGetValue(file, out var fileLayer))
                {
                    layers.Add(fileLayer);
                }
            }

            if (layers.Count > 1)
            {
                ambiguous++;
            }

            return layers.Count == 1 ? layers.First() : null;
        }

        private void AddContained(string from, string to)
        {
            if (!_contains.TryGetValue(from, out var files))
            {
                _contains[from] = files = [];
            }

            files.Add(to);
        }
    }
}
