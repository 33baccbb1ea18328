using System.Text;
using Tether.Core.Errors;
using Tether.Testing;
using Tether.Vulnerabilities.Sbom;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Sbom;

/// <summary>The format is told by content; supported spec versions are read, others refused with what they are.</summary>
public sealed class SbomFormatTests
{
    [Theory]
    [InlineData("1.4")]
    [InlineData("1.5")]
    [InlineData("1.6")]
    [InlineData("1.7")]
    public void CycloneDX_1_4_to_1_7_are_read(string version)
    {
        var edited = SbomFixtures.Edit(SbomFixtures.TrivyCycloneDxFile, root => root["specVersion"] = version);

        var list = Sboms.ReadPackages(edited, "bom.json");

        Assert.Equal($"CycloneDX {version}", list.FormatName);
        Assert.Equal(2, list.Packages.Count);
    }

    [Theory]
    [InlineData("1.3")]
    [InlineData("1.8")]
    [InlineData("2.0")]
    public void Other_CycloneDX_spec_versions_are_refused(string version)
    {
        var edited = SbomFixtures.Edit(SbomFixtures.TrivyCycloneDxFile, root => root["specVersion"] = version);

        var error = Assert.Throws<InputException>(() => Sboms.ReadPackages(edited, "bom.json"));

        Assert.Equal("specVersion", error.Field);
        Assert.Contains($"'{version}' is not supported", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CycloneDX_1_5_tools_as_an_object_name_the_producer()
    {
        var edited = SbomFixtures.Edit(SbomFixtures.TrivyCycloneDxFile, root =>
            root["metadata"]!["tools"] = System.Text.Json.Nodes.JsonNode.Parse("""{"components":[{"type":"application","group":"aquasecurity","name":"trivy","version":"0.56.2"}]}"""));

        Assert.Equal("trivy 0.56.2 (CycloneDX 1.5)", Sboms.ReadPackages(edited, "bom.json").Description);
    }

    [Theory]
    [InlineData("SPDX-2.2")]
    [InlineData("SPDX-2.3")]
    public void SPDX_2_2_and_2_3_are_read(string version)
    {
        var edited = SbomFixtures.Edit(SbomFixtures.TrivySpdxFile, root => root["spdxVersion"] = version);

        Assert.Equal(2, Sboms.ReadPackages(edited, "spdx.json").Packages.Count);
    }

    [Theory]
    [InlineData("SPDX-2.1")]
    [InlineData("SPDX-3.0")]
    public void Other_SPDX_versions_are_refused(string version)
    {
        var edited = SbomFixtures.Edit(SbomFixtures.TrivySpdxFile, root => root["spdxVersion"] = version);

        var error = Assert.Throws<InputException>(() => Sboms.ReadPackages(edited, "spdx.json"));

        Assert.Equal("spdxVersion", error.Field);
        Assert.Contains($"'{version}' is not supported", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SPDX_without_packages_is_refused()
    {
        var edited = SbomFixtures.Edit(SbomFixtures.TrivySpdxFile, root => root.Remove("packages"));

        var error = Assert.Throws<InputException>(() => Sboms.ReadPackages(edited, "spdx.json"));

        Assert.Contains("packages is missing", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CycloneDX_without_components_is_an_empty_package_list()
    {
        var edited = SbomFixtures.Edit(SbomFixtures.TrivyCycloneDxFile, root => root.Remove("components"));

        Assert.Empty(Sboms.ReadPackages(edited, "bom.json").Packages);
    }

    [Theory]
    [InlineData("""{"SchemaVersion":2,"ArtifactName":"alpine:3.10","Results":[]}""", "is a Trivy JSON report")]
    [InlineData("""{"matches":[],"source":{}}""", "is a Grype JSON report")]
    [InlineData("""{"artifacts":[],"descriptor":{"name":"syft"},"source":{}}""", "is Syft's own JSON format")]
    [InlineData("""{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[]}""", "is a JSON-LD document (SPDX 3?)")]
    [InlineData("""{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[]}""", "is a DSSE envelope")]
    [InlineData("""{"bomFormat":"SPDX","specVersion":"1.5"}""", "'SPDX' is not CycloneDX")]
    [InlineData("""[{"bomFormat":"CycloneDX"}]""", "is not an SBOM: the document is array")]
    [InlineData("""{"name":"x"}""", "is neither CycloneDX (bomFormat) nor SPDX (spdxVersion)")]
    [InlineData("""<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>""", "is XML")]
    [InlineData("SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n", "is an SPDX tag-value document")]
    public void Other_documents_are_refused_saying_what_they_are(string content, string says)
    {
        var error = Assert.Throws<InputException>(() => Sboms.ReadPackages(Encoding.UTF8.GetBytes(content), "input.json"));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_read_and_UTF16_is_refused_saying_so()
    {
        var bytes = SbomFixtures.Read(SbomFixtures.TrivyCycloneDxFile);

        Assert.Equal(2, Sboms.ReadPackages((byte[])[0xEF, 0xBB, 0xBF, .. bytes], "bom.json").Packages.Count);

        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(bytes))).ToArray();
        var error = Assert.Throws<InputException>(() => Sboms.ReadPackages(utf16, "bom.json"));
        Assert.Contains("UTF-16", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_Trivy_report_is_named_as_one()
    {
        var report = File.ReadAllBytes(TestData.Shared("reports", "trivy-alpine-310.json"));

        var error = Assert.Throws<InputException>(() => Sboms.ReadPackages(report, "trivy-alpine-310.json"));

        Assert.Contains("tether ingest report", error.Reason, StringComparison.Ordinal);
    }
}
