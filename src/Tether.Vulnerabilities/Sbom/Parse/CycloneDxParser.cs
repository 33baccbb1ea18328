using System.Text.Json;
using Tether.Core.Identity;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Sbom.Parse;

/// <summary>
/// Reads CycloneDX JSON 1.4–1.7: <c>metadata.component</c> (the image), <c>metadata.tools</c> (the producer), and
/// <c>components[]</c> at every nesting level. A component is a package when it has a purl that names one
/// (not <c>pkg:oci</c>/<c>pkg:docker</c>, which name images); <c>operating-system</c> components declare the distro.
/// <c>dependencies</c> are not read: a package list needs no dependency graph.
/// </summary>
internal static class CycloneDxParser
{
    public static readonly string[] SupportedSpecVersions = ["1.4", "1.5", "1.6", "1.7"];

    public static SbomDocument Parse(ReportElement root, string documentDigest)
    {
        var specField = root.Property("specVersion") ?? throw root.Error("specVersion is required in a CycloneDX document.");
        var spec = root.RequiredString("specVersion");
        if (!SupportedSpecVersions.Contains(spec, StringComparer.Ordinal))
        {
            throw specField.Error($"CycloneDX specVersion '{spec}' is not supported; Tether reads {string.Join(", ", SupportedSpecVersions)}.");
        }

        var notes = new List<string>();
        var metadata = root.Object("metadata");
        var producer = metadata is { } m ? Producer(m) : null;
        var image = metadata?.Object("component") is { } subject ? Image(subject.Indexed(), producer, notes) : new ReportedImage();

        var walk = new ComponentWalk();
        walk.Visit(root);
        if (walk.WithoutPurl > 0)
        {
            notes.Add($"{walk.WithoutPurl} component(s) of type library/application/framework have no purl and were not read as packages (first: {walk.FirstWithoutPurl}).");
        }

        var os = walk.OperatingSystems.Distinct().ToList();
        if (os.Count > 1)
        {
            notes.Add($"the document declares {os.Count} operating systems ({string.Join(", ", os.Select(o => $"{o.Id} {o.Version}"))}); only purl distro qualifiers are used.");
        }

        return new SbomDocument(root.Source, documentDigest, SbomFormat.CycloneDx, spec, producer, image, os.Count == 1 ? os[0] : null, walk.Components, notes);
    }

    /// <summary>
    /// <c>metadata.tools</c>: an array of <c>{vendor, name, version}</c> in 1.4, <c>{components: […]}</c> from 1.5.
    /// The first tool is the producer (Syft and Trivy list only themselves).
    /// </summary>
    private static SbomProducer? Producer(ReportElement metadata)
    {
        var tools = metadata.Property("tools");
        var list = tools switch
        {
            { Kind: JsonValueKind.Array } => metadata.Array("tools", SbomLimits.MaxListItems),
            { Kind: JsonValueKind.Object } t => t.Array("components", SbomLimits.MaxListItems),
            null => [],
            { } other => throw other.Error("must be an array of tools or an object {components}."),
        };
        foreach (var tool in list)
        {
            if (tool.Kind != JsonValueKind.Object)
            {
                throw tool.Error("must be an object.");
            }

            if (tool.NonEmptyString("name") is { } name)
            {
                return new SbomProducer(name, tool.NonEmptyString("version"));
            }
        }

        return null;
    }

    /// <summary>
    /// The image the BOM describes. Trivy names its digests in properties (<see cref="TrivyFields.Image"/>); Syft and
    /// Tether write the manifest digest they read as <c>version</c> (Syft's <c>toBomDescriptorComponent</c>). Another producer's
    /// <c>version</c> is not used as a digest: nothing says which digest it is.
    /// </summary>
    private static ReportedImage Image(ReportElement subject, SbomProducer? producer, List<string> notes)
    {
        var name = subject.NonEmptyString("name");
        var bag = PropertyBag.FromCycloneDx(subject);
        var image = TrivyFields.Image(bag, TrivyFields.CycloneDxPrefix, name);
        var version = subject.NonEmptyString("version");
        if (version is not null && Digest.TryParse(version, out var digest))
        {
            if (producer?.Is(SbomProducer.Tether) == true)
            {
                // Tether writes the manifest digest it scanned as the container's version (its CycloneDxWriter).
                image = image with { ManifestDigest = digest };
            }
            else if (producer?.Is("syft") == true)
            {
                notes.Add(
                    $"metadata.component.version {digest} is the manifest digest Syft read; when Syft reads an image from a Docker " +
                    "daemon or an archive, that manifest is one it rebuilt, which no registry serves: give --image REF@DIGEST then.");
                image = image with { ManifestDigest = digest };
            }
            else
            {
                notes.Add($"metadata.component.version {digest} is not used as an image key: {producer?.ToString() ?? "the producer"} does not say which digest it is.");
            }
        }

        return image;
    }

    /// <summary>Depth-first over <c>components</c>, counting every entry against one limit.</summary>
    private sealed class ComponentWalk
    {
        private static readonly string[] PackageTypes = ["library", "application", "framework"];
        private int _seen;

        public List<SbomComponent> Components { get; } = [];

        public List<OperatingSystemRelease> OperatingSystems { get; } = [];

        public int WithoutPurl { get; private set; }

        public string? FirstWithoutPurl { get; private set; }

        public void Visit(ReportElement parent)
        {
            foreach (var item in parent.Array("components", SbomLimits.MaxComponents))
            {
                if (++_seen > SbomLimits.MaxComponents)
                {
                    throw item.Error($"the document has more than {SbomLimits.MaxComponents} components.");
                }

                if (item.Kind != JsonValueKind.Object)
                {
                    throw item.Error("must be an object.");
                }

                var component = item;
                Read(component);
                // Nested components (assemblies, cdxgen's per-file groups) are packages of the same image.
                Visit(component);
            }
        }

        private void Read(ReportElement component)
        {
            var type = component.NonEmptyString("type");
            if (type == "operating-system")
            {
                if (component.NonEmptyString("name") is { } os)
                {
                    OperatingSystems.Add(new OperatingSystemRelease(os.ToLowerInvariant(), component.NonEmptyString("version")));
                }

                return;
            }

            var purlText = component.NonEmptyString("purl");
            if (purlText is null)
            {
                if (type is not null && PackageTypes.Contains(type, StringComparer.Ordinal))
                {
                    WithoutPurl++;
                    FirstWithoutPurl ??= $"{component.Path} {component.NonEmptyString("name")}";
                }

                return;
            }

            var purl = SbomFields.OptionalPurl(purlText, component.Property("purl")!.Value)!;
            if (purl.Type is "oci" or "docker")
            {
                return; // an image inside the BOM (Trivy's Kubernetes BOMs), not a package
            }

            var bag = PropertyBag.FromCycloneDx(component);
            var (sourceName, sourceVersion) = TrivyFields.Source(bag, TrivyFields.CycloneDxPrefix);
            if (sourceName is null)
            {
                (sourceName, sourceVersion) = SyftFields.Source(bag);
            }

            Components.Add(new SbomComponent(
                component.Path,
                component.NonEmptyString("name"),
                component.NonEmptyString("version"),
                purl,
                sourceName,
                sourceVersion,
                TrivyFields.Layer(bag, TrivyFields.CycloneDxPrefix) ?? SyftFields.Layer(bag),
                Licenses(component)));
        }

        /// <summary><c>licenses[]</c>: <c>{license: {id|name}}</c> or <c>{expression}</c>.</summary>
        private static IReadOnlyList<string> Licenses(ReportElement component)
        {
            var licenses = new List<string>();
            foreach (var choice in component.Array("licenses", SbomLimits.MaxListItems))
            {
                if (choice.Kind != JsonValueKind.Object)
                {
                    throw choice.Error("must be an object {license} or {expression}.");
                }

                var text = choice.Object("license") is { } license
                    ? license.NonEmptyString("id") ?? license.NonEmptyString("name")
                    : choice.NonEmptyString("expression");
                if (text is not null && !licenses.Contains(text, StringComparer.Ordinal))
                {
                    licenses.Add(text);
                }
            }

            return licenses;
        }
    }
}
