using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.Testing;

namespace Tether.Vulnerabilities.Tests.Sbom;

/// <summary>
/// The real SBOMs in shared/testdata/sbom, edited copies of them for edge cases, and counts computed straight
/// from their JSON (independently of the code under test).
/// </summary>
internal static class SbomFixtures
{
    public const string SyftCycloneDxFile = "syft-alpine-3.16-cyclonedx.json";
    public const string SyftSpdxFile = "syft-alpine-3.10.spdx.json";
    public const string TrivyCycloneDxFile = "trivy-centos-7-cyclonedx.json";
    public const string TrivySpdxFile = "trivy-centos-7-spdx.json";

    public static readonly string[] All = [SyftCycloneDxFile, SyftSpdxFile, TrivyCycloneDxFile, TrivySpdxFile];

    /// <summary>A digest for SBOMs that name none (Trivy scanning a tarball, old Syft SPDX).</summary>
    public const string DeclaredDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    public static byte[] Read(string name) => File.ReadAllBytes(TestData.Shared("sbom", name));

    /// <summary>A copy of an SBOM with one edit, as bytes.</summary>
    public static byte[] Edit(string name, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Read(name))!.AsObject();
        edit(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>CycloneDX: components at any depth whose purl names a package (not an image).</summary>
    public static int CycloneDxPackageCount(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return Walk(document.RootElement).Count(c =>
            c.TryGetProperty("purl", out var purl) && purl.GetString() is { } p && !p.StartsWith("pkg:oci/", StringComparison.Ordinal));

        static IEnumerable<JsonElement> Walk(JsonElement parent) =>
            parent.TryGetProperty("components", out var list)
                ? list.EnumerateArray().SelectMany(c => Walk(c).Prepend(c))
                : [];
    }

    /// <summary>SPDX: packages with a package-manager purl that the document does not DESCRIBE.</summary>
    public static int SpdxPackageCount(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var described = root.TryGetProperty("relationships", out var relationships)
            ? relationships.EnumerateArray()
                .Where(r => r.GetProperty("relationshipType").GetString() == "DESCRIBES" && r.GetProperty("spdxElementId").GetString() == "SPDXRef-DOCUMENT")
                .Select(r => r.GetProperty("relatedSpdxElement").GetString())
                .ToHashSet()
            : [];
        return root.GetProperty("packages").EnumerateArray().Count(p =>
            !described.Contains(p.GetProperty("SPDXID").GetString())
            && p.TryGetProperty("externalRefs", out var refs)
            && refs.EnumerateArray().Any(r => r.GetProperty("referenceType").GetString() == "purl"));
    }

    public static int PackageCount(string name) =>
        name.Contains("spdx", StringComparison.Ordinal) ? SpdxPackageCount(Read(name)) : CycloneDxPackageCount(Read(name));
}
