using System.Text.Json;
using Tether.Scanner.Normalize;
using Tether.Scanner.Output.Spdx;

namespace Tether.Scanner.Output;

/// <summary>
/// A scanned image as an SPDX 2.3 JSON document. Pure and deterministic: the same scan, findings, tool and timestamp
/// give the same bytes.
/// <list type="bullet">
/// <item>the document <c>DESCRIBES</c> the image, a package with <c>primaryPackagePurpose: CONTAINER</c>, name the
/// repository, version the manifest digest, a <c>pkg:oci</c> purl, and Trivy's <c>ImageID</c>/<c>RepoDigest</c>/
/// <c>DiffID</c> annotations; the image <c>CONTAINS</c> the OS release (<c>SPDXRef-OperatingSystem-…</c>) and every
/// package;</item>
/// <item>each package: its purl as a <c>PACKAGE-MANAGER</c> reference, <c>downloadLocation</c> NOASSERTION (a scan
/// sees what is installed, not where it came from), <c>filesAnalyzed: false</c>, <c>licenseDeclared</c> a valid SPDX
/// expression (see <see cref="SpdxLicenses"/>) and <c>licenseConcluded</c> NOASSERTION (Tether concludes nothing),
/// the source package in <c>sourceInfo</c> as Trivy writes it (<c>built package from: openssl 3.0.11-1~deb12u2</c>),
/// and the layer and file as Trivy-style annotations (<c>LayerDiffID: sha256:…</c>);</item>
/// <item>findings, when given, as <c>SECURITY</c>/<c>advisory</c> references of the package when the id has a page
/// (NVD for CVEs, GitHub for GHSAs). SPDX 2.3 has no vulnerability model: CycloneDX is the format for findings.</item>
/// </list>
/// SPDX ids are hashes of the element's purl or name, so they do not move when another package appears.
/// </summary>
public static class SpdxWriter
{
    public const string SpecVersion = "SPDX-2.3";
    public const string DocumentId = "SPDXRef-DOCUMENT";

    public static byte[] Write(ScanResult scan, IReadOnlyList<ScanFinding>? findings, SbomTool tool, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var subject = SbomSubject.From(scan, findings);
        var created = JsonOutput.Timestamp(timestamp);
        var annotator = $"Tool: {tool.Name}-{tool.Version}";
        var imageId = "SPDXRef-ContainerImage-" + SbomSubject.ShortHash(subject.ImagePurl);
        var osId = subject.Os is { } os ? "SPDXRef-OperatingSystem-" + SbomSubject.ShortHash($"{os.Id}@{os.Version}") : null;
        var licenses = new SpdxLicenses();
        var packageIds = subject.Packages.Select(p => "SPDXRef-Package-" + SbomSubject.ShortHash(p.Ref)).ToList();

        return JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("spdxVersion", SpecVersion);
            writer.WriteString("dataLicense", "CC0-1.0");
            writer.WriteString("SPDXID", DocumentId);
            writer.WriteString("name", $"{subject.Repository}@{subject.ManifestDigest}");
            writer.WriteString("documentNamespace", Namespace(subject, timestamp));
            writer.WriteStartObject("creationInfo");
            writer.WriteString("created", created);
            writer.WriteStartArray("creators");
            writer.WriteStringValue($"Tool: {tool.Name}-{tool.Version}");
            writer.WriteEndArray();
            writer.WriteEndObject();

            writer.WriteStartArray("packages");
            Image(writer, subject, imageId, new Annotations(created, annotator));
            if (subject.Os is { } release)
            {
                writer.WriteStartObject();
                writer.WriteString("name", release.Id);
                writer.WriteString("SPDXID", osId);
                writer.StringIfAny("versionInfo", release.Version);
                writer.WriteString("downloadLocation", SpdxLicenses.NoAssertion);
                writer.WriteBoolean("filesAnalyzed", false);
                // No primaryPackagePurpose: SPDX 2.3's text names it OPERATING-SYSTEM, its JSON schema OPERATING_SYSTEM;
                // readers (Trivy, Tether) know the OS package by its SPDXRef-OperatingSystem- id instead.
                writer.WriteEndObject();
            }

            for (var i = 0; i < subject.Packages.Count; i++)
            {
                Package(writer, subject.Packages[i], packageIds[i], licenses, new Annotations(created, annotator));
            }

            writer.WriteEndArray();
            ExtractedLicenses(writer, licenses);

            writer.WriteStartArray("relationships");
            Relationship(writer, DocumentId, "DESCRIBES", imageId);
            if (osId is not null)
            {
                Relationship(writer, imageId, "CONTAINS", osId);
            }

            foreach (var id in packageIds)
            {
                Relationship(writer, imageId, "CONTAINS", id);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>Unique per image and time, derived from them rather than random so a document can be written again identically.</summary>
    private static string Namespace(SbomSubject subject, DateTimeOffset timestamp) =>
        $"https://tether.dev/spdx/{subject.ManifestDigest.Replace(':', '-')}-{timestamp.ToUniversalTime():yyyyMMdd'T'HHmmss'Z'}";

    private static void Image(Utf8JsonWriter writer, SbomSubject subject, string id, Annotations annotations)
    {
        writer.WriteStartObject();
        writer.WriteString("name", subject.Repository);
        writer.WriteString("SPDXID", id);
        writer.WriteString("versionInfo", subject.ManifestDigest);
        writer.WriteString("downloadLocation", SpdxLicenses.NoAssertion);
        writer.WriteBoolean("filesAnalyzed", false);
        if (!subject.IsRootFilesystem)
        {
            PurlReference(writer, subject.ImagePurl, []);
        }

        // A root filesystem (dir:PATH) is no container; SPDX 2.3 has no purpose for a directory tree.
        writer.WriteString("primaryPackagePurpose", subject.IsRootFilesystem ? "OTHER" : "CONTAINER");
        annotations.Add(PropertyNames.ImageId, subject.IsRootFilesystem ? null : subject.ConfigDigest);
        annotations.Add(PropertyNames.RepoDigest, subject.RepoDigest);
        foreach (var layer in subject.IsRootFilesystem ? [] : subject.Layers)
        {
            annotations.Add(PropertyNames.DiffId, layer.DiffId);
        }

        for (var i = 0; i < subject.Layers.Count; i++)
        {
            annotations.Add(PropertyNames.LayerCreatedBy(i), subject.Layers[i].CreatedBy);
            annotations.Add(PropertyNames.LayerFromBaseImage(i), subject.Layers[i].FromBaseImage is { } fromBase ? (fromBase ? "true" : "false") : null);
            annotations.Add(PropertyNames.LayerDockerfile(i), subject.Layers[i].Dockerfile);
        }

        annotations.Add(PropertyNames.BaseImage, subject.BaseImage);
        annotations.Add(PropertyNames.BaseImageMethod, subject.BaseImageMethod);

        annotations.Write(writer);
        writer.WriteEndObject();
    }

    private static void Package(Utf8JsonWriter writer, SubjectPackage package, string id, SpdxLicenses licenses, Annotations annotations)
    {
        var facts = package.Facts;
        writer.WriteStartObject();
        writer.WriteString("name", facts.Name);
        writer.WriteString("SPDXID", id);
        writer.WriteString("versionInfo", facts.Version);
        writer.WriteString("downloadLocation", SpdxLicenses.NoAssertion);
        writer.WriteBoolean("filesAnalyzed", false);
        writer.WriteString("licenseConcluded", SpdxLicenses.NoAssertion);
        writer.WriteString("licenseDeclared", licenses.Declared(package.Package.Scanned.Licenses));
        PurlReference(writer, facts.Purl, package.Findings);
        if (facts.SourceName is { } source)
        {
            writer.WriteString("sourceInfo", facts.SourceVersion is { } version ? $"built package from: {source} {version}" : $"built package from: {source}");
        }
        else
        {
            writer.WriteString("sourceInfo", $"package found in: {package.Package.Scanned.Path}");
        }

        writer.WriteString("primaryPackagePurpose", "LIBRARY");
        annotations.Add(PropertyNames.LayerDiffId, package.Layer.DiffId);
        annotations.Add(PropertyNames.LayerDigest, package.Layer.BlobDigest);
        annotations.Add(PropertyNames.FilePath, package.Package.Scanned.Path);
        annotations.Add(PropertyNames.ArchiveMember, package.Package.Scanned.Member);
        annotations.Add(PropertyNames.PackageDockerfile, package.Layer.Dockerfile);
        annotations.Write(writer);
        writer.WriteEndObject();
    }

    private static void PurlReference(Utf8JsonWriter writer, string? purl, IReadOnlyList<ScanFinding> findings)
    {
        var advisories = findings
            .Select(f => (f.VulnerabilityId, VulnerabilitySources.Of(f.VulnerabilityId).Url))
            .Where(a => a.Url is not null)
            .Distinct()
            .ToList();
        if (purl is null && advisories.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("externalRefs");
        if (purl is not null)
        {
            writer.WriteStartObject();
            writer.WriteString("referenceCategory", "PACKAGE-MANAGER");
            writer.WriteString("referenceType", "purl");
            writer.WriteString("referenceLocator", purl);
            writer.WriteEndObject();
        }

        foreach (var (vulnerability, url) in advisories)
        {
            writer.WriteStartObject();
            writer.WriteString("referenceCategory", "SECURITY");
            writer.WriteString("referenceType", "advisory");
            writer.WriteString("referenceLocator", url);
            writer.WriteString("comment", vulnerability);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void ExtractedLicenses(Utf8JsonWriter writer, SpdxLicenses licenses)
    {
        if (licenses.Extracted.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("hasExtractedLicensingInfos");
        foreach (var (id, text) in licenses.Extracted)
        {
            writer.WriteStartObject();
            writer.WriteString("licenseId", id);
            writer.WriteString("name", text);
            writer.WriteString("extractedText", text);
            writer.WriteString("comment", "As declared in the package's metadata; not an SPDX License List expression.");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void Relationship(Utf8JsonWriter writer, string from, string type, string to)
    {
        writer.WriteStartObject();
        writer.WriteString("spdxElementId", from);
        writer.WriteString("relationshipType", type);
        writer.WriteString("relatedSpdxElement", to);
        writer.WriteEndObject();
    }

    /// <summary>Trivy's encoding of properties in SPDX: <c>OTHER</c> annotations by the tool, comment <c>"Name: value"</c>.</summary>
    private sealed class Annotations(string date, string annotator)
    {
        private readonly List<string> _comments = [];

        public void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                _comments.Add($"{name}: {value}");
            }
        }

        public void Write(Utf8JsonWriter writer)
        {
            if (_comments.Count == 0)
            {
                return;
            }

            writer.WriteStartArray("annotations");
            foreach (var comment in _comments)
            {
                writer.WriteStartObject();
                writer.WriteString("annotationDate", date);
                writer.WriteString("annotationType", "OTHER");
                writer.WriteString("annotator", annotator);
                writer.WriteString("comment", comment);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
    }
}
