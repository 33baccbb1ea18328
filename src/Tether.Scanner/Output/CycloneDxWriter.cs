using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tether.Scanner.Normalize;
using Tether.Scanner.Output.CycloneDx;

namespace Tether.Scanner.Output;

/// <summary>
/// A scanned image as a CycloneDX 1.6 JSON BOM. Pure and deterministic: the same scan, findings, tool and timestamp
/// give the same bytes.
/// <list type="bullet">
/// <item><c>metadata.component</c>: the image, <c>type: container</c>, name the repository, version the manifest
/// digest, purl <c>pkg:oci/NAME@sha256%3A…?repository_url=…</c>; Trivy's <c>ImageID</c>, <c>RepoDigest</c> and
/// <c>DiffID</c> properties, and each layer's history step;</item>
/// <item><c>components</c>: one <c>operating-system</c> for the OS release, then every package as a <c>library</c> in
/// purl order, bom-ref its purl (see <see cref="SbomSubject"/>), with its layer (Trivy <c>LayerDiffID</c> and
/// <c>LayerDigest</c>, Syft <c>syft:location:0:layerID</c>), file (<c>syft:location:0:path</c>, Trivy <c>FilePath</c>
/// for language packages) and source package (Trivy <c>SrcName</c>/<c>SrcVersion</c>);</item>
/// <item><c>vulnerabilities</c>, when there are findings: one per vulnerability id, aliases as <c>references</c>,
/// CVSS and vendor <c>ratings</c>, <c>affects[].ref</c> the packages' bom-refs, and the fix as <c>recommendation</c>.</item>
/// </list>
/// No <c>dependencies</c>: the scan knows which packages an image holds, not which package needs which.
/// </summary>
public static class CycloneDxWriter
{
    public const string SpecVersion = "1.6";

    public static byte[] Write(ScanResult scan, IReadOnlyList<ScanFinding>? findings, SbomTool tool, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var subject = SbomSubject.From(scan, findings);
        return JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
            writer.WriteString("bomFormat", "CycloneDX");
            writer.WriteString("specVersion", SpecVersion);
            writer.WriteString("serialNumber", SerialNumber(subject, findings?.Count ?? 0, tool, timestamp));
            writer.WriteNumber("version", 1);
            Metadata(writer, subject, tool, timestamp);

            writer.WriteStartArray("components");
            if (subject.Os is { } os)
            {
                writer.WriteStartObject();
                writer.WriteString("bom-ref", OperatingSystemRef(os.Id, os.Version));
                writer.WriteString("type", "operating-system");
                writer.WriteString("name", os.Id);
                writer.StringIfAny("version", os.Version);
                writer.WriteEndObject();
            }

            foreach (var package in subject.Packages)
            {
                Component(writer, package);
            }

            writer.WriteEndArray();
            if (subject.Packages.Any(p => p.Findings.Count > 0))
            {
                CycloneDxVulnerabilities.Write(writer, subject);
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>The OS component's bom-ref; no purl names an OS release.</summary>
    public static string OperatingSystemRef(string id, string? version) => version is null ? $"os:{id}" : $"os:{id}@{version}";

    private static void Metadata(Utf8JsonWriter writer, SbomSubject subject, SbomTool tool, DateTimeOffset timestamp)
    {
        writer.WriteStartObject("metadata");
        writer.WriteString("timestamp", JsonOutput.Timestamp(timestamp));
        writer.WriteStartObject("tools");
        writer.WriteStartArray("components");
        writer.WriteStartObject();
        writer.WriteString("type", "application");
        writer.WriteString("name", tool.Name);
        writer.WriteString("version", tool.Version);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartObject("component");
        writer.WriteString("bom-ref", subject.ImagePurl);
        // A root filesystem (dir:PATH) is a directory of files, not a container image.
        writer.WriteString("type", subject.IsRootFilesystem ? "file" : "container");
        writer.WriteString("name", subject.Repository);
        writer.WriteString("version", subject.ManifestDigest);
        if (!subject.IsRootFilesystem)
        {
            writer.WriteString("purl", subject.ImagePurl);
        }

        writer.WriteStartArray("properties");
        Property(writer, PropertyNames.TrivyPrefix + PropertyNames.ImageId, subject.IsRootFilesystem ? null : subject.ConfigDigest);
        Property(writer, PropertyNames.TrivyPrefix + PropertyNames.RepoDigest, subject.RepoDigest);
        foreach (var layer in subject.IsRootFilesystem ? [] : subject.Layers)
        {
            Property(writer, PropertyNames.TrivyPrefix + PropertyNames.DiffId, layer.DiffId);
        }

        for (var i = 0; i < subject.Layers.Count; i++)
        {
            Property(writer, PropertyNames.LayerCreatedBy(i), subject.Layers[i].CreatedBy);
            Property(writer, PropertyNames.LayerFromBaseImage(i), subject.Layers[i].FromBaseImage is { } fromBase ? (fromBase ? "true" : "false") : null);
            Property(writer, PropertyNames.LayerDockerfile(i), subject.Layers[i].Dockerfile);
        }

        Property(writer, PropertyNames.BaseImage, subject.BaseImage);
        Property(writer, PropertyNames.BaseImageMethod, subject.BaseImageMethod);

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void Component(Utf8JsonWriter writer, SubjectPackage package)
    {
        var scanned = package.Package.Scanned;
        writer.WriteStartObject();
        writer.WriteString("bom-ref", package.Ref);
        writer.WriteString("type", "library");
        if (!package.IsOsPackage && scanned.Type is "npm" or "maven" && !string.IsNullOrEmpty(scanned.Namespace))
        {
            writer.WriteString("group", scanned.Namespace);
        }

        writer.WriteString("name", scanned.Name);
        writer.WriteString("version", package.Facts.Version);
        CycloneDxLicenses.Write(writer, scanned.Licenses);
        writer.StringIfAny("purl", package.Facts.Purl);

        writer.WriteStartArray("properties");
        Property(writer, PropertyNames.TrivyPrefix + PropertyNames.LayerDiffId, package.Layer.DiffId);
        Property(writer, PropertyNames.TrivyPrefix + PropertyNames.LayerDigest, package.Layer.BlobDigest);
        if (!package.IsOsPackage)
        {
            // Trivy names the file only for language packages; an OS package's file is its package database.
            Property(writer, PropertyNames.TrivyPrefix + PropertyNames.FilePath, scanned.Path);
        }

        Property(writer, PropertyNames.TrivyPrefix + PropertyNames.SrcName, package.Facts.SourceName);
        Property(writer, PropertyNames.TrivyPrefix + PropertyNames.SrcVersion, package.Facts.SourceName is null ? null : package.Facts.SourceVersion);
        Property(writer, PropertyNames.SyftLayer, package.Layer.DiffId);
        Property(writer, PropertyNames.SyftPath, "/" + scanned.Path);
        Property(writer, PropertyNames.ArchiveMember, scanned.Member);
        Property(writer, PropertyNames.PackageDockerfile, package.Layer.Dockerfile);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    internal static void Property(Utf8JsonWriter writer, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("value", value);
        writer.WriteEndObject();
    }

    /// <summary>
    /// An RFC 4122 name-based (version 5) UUID of what the document is about, so the serial is stable for the same
    /// input and differs when the image, time, tool or findings differ. SHA-1 is what version 5 is defined with; it
    /// serves as a name hash here, not for security.
    /// </summary>
    private static string SerialNumber(SbomSubject subject, int findings, SbomTool tool, DateTimeOffset timestamp)
    {
        var name = $"{subject.Repository}@{subject.ManifestDigest}|{JsonOutput.Timestamp(timestamp)}|{tool.Name}-{tool.Version}|findings:{findings}";
        byte[] urlNamespace = [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8];
#pragma warning disable CA5350 // RFC 4122 defines version 5 with SHA-1; the UUID names a document, it protects nothing.
        var hash = SHA1.HashData([.. urlNamespace, .. Encoding.UTF8.GetBytes(name)]);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }
}
