using System.Text;
using System.Text.Json.Nodes;
using Tether.Core.Errors;
using Tether.Vulnerabilities.Reports;
using Tether.Vulnerabilities.Reports.Parse;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Reports;

/// <summary>Bad input is refused with the file and the field named, before anything could be stored.</summary>
public sealed class MalformedReportTests
{
    private const string Image = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    public static TheoryData<string, string, string?, string> Cases => new()
    {
        // case, file, expected field (null: whole document), expected words
        { "truncated trivy", "trivy", "line", "not valid JSON" },
        { "truncated grype", "grype", "line", "not valid JSON" },
        { "empty", "empty", null, "is empty" },
        { "an array", "array", null, "neither a Trivy nor a Grype" },
        { "unknown object", "unknown", null, "neither a Trivy JSON report" },
        { "trivy sarif", "sarif", null, "SARIF" },
        { "cyclonedx", "cyclonedx", null, "CycloneDX" },
        { "old trivy schema", "schema1", "SchemaVersion", "SchemaVersion 2" },
        { "null trivy schema", "schema-null", null, "schema null is not supported" },
        { "trivy schema a string", "schema-string", "SchemaVersion", "must be an integer" },
        { "Results not an array", "results-object", "Results", "must be an array, not an object" },
        { "VulnerabilityID a number", "id-number", "Results[0].Vulnerabilities[1].VulnerabilityID", "must be a string, not a number" },
        { "VulnerabilityID missing", "id-missing", "Results[0].Vulnerabilities[0].VulnerabilityID", "is required" },
        { "V3Score a string", "score-string", "Results[0].Vulnerabilities[0].CVSS.nvd.V3Score", "must be a number" },
        { "VendorSeverity out of range", "vendor-severity", "Results[0].Vulnerabilities[0].VendorSeverity.nvd", "severity number" },
        { "layer DiffID not a digest", "diffid", "Results[0].Vulnerabilities[0].Layer.DiffID", "not a digest" },
        { "RepoDigests entry without digest", "repodigest", "Metadata.RepoDigests[0]", "no @digest" },
        { "too many VendorIDs", "vendor-ids", "Results[0].Vulnerabilities[0].VendorIDs", "over the limit" },
        { "grype matches a string", "matches-string", "matches", "must be an array, not a string" },
        { "grype artifact missing", "artifact-missing", "matches[2].artifact", "is required" },
        { "grype layerID not a digest", "layerid", "matches[0].artifact.locations[0].layerID", "not a digest" },
        { "grype baseScore a string", "basescore", "matches[0].relatedVulnerabilities[0].cvss[0].metrics.baseScore", "must be a number" },
        { "grype manifest not base64", "manifest-base64", "source.target.manifest", "not base64" },
        { "grype manifest not JSON", "manifest-json", "line", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_reports_are_refused_naming_file_and_field(string name, string file, string? field, string words)
    {
        Assert.NotEmpty(name);
        var error = Assert.Throws<InputException>(() => ScannerReports.Import([new ReportFile("report.json", Build(file))], Image, DateTimeOffset.UnixEpoch));
        Assert.StartsWith("report.json", error.Source, StringComparison.Ordinal);
        if (field is null)
        {
            Assert.Null(error.Field);
        }
        else
        {
            Assert.StartsWith(field, error.Field, StringComparison.Ordinal);
        }

        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_not_followed()
    {
        var deep = Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000));
        var error = Assert.Throws<InputException>(() => ScannerReportParser.Parse(deep, "deep.json"));
        Assert.Equal("deep.json", error.Source);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_with_no_findings_is_valid_and_records_only_the_image()
    {
        var clean = ReportFixtures.Edit(ReportFixtures.Trivy, root => root["Results"]![0]!.AsObject().Remove("Vulnerabilities"));
        var import = ScannerReports.Import([new ReportFile("clean.json", clean)], Image, DateTimeOffset.UnixEpoch);
        Assert.Equal((0, 0, 1), (import.Findings, import.Vulnerabilities, import.Images));
    }

    private static byte[] Build(string file)
    {
        var trivy = ReportFixtures.Trivy;
        var grype = ReportFixtures.Grype;
        return file switch
        {
            "trivy" => trivy[..(trivy.Length / 2)],
            "grype" => grype[..(grype.Length / 3)],
            "empty" => [],
            "array" => "[]"u8.ToArray(),
            "unknown" => """{"foo": 1}"""u8.ToArray(),
            "sarif" => ReportFixtures.TrivySarif,
            "cyclonedx" => """{"bomFormat": "CycloneDX", "specVersion": "1.5"}"""u8.ToArray(),
            "schema1" => ReportFixtures.Edit(trivy, r => r["SchemaVersion"] = 1),
            "schema-null" => ReportFixtures.Edit(trivy, r => r["SchemaVersion"] = null),
            "schema-string" => ReportFixtures.Edit(trivy, r => r["SchemaVersion"] = "2"),
            "results-object" => ReportFixtures.Edit(trivy, r => r["Results"] = new JsonObject()),
            "id-number" => ReportFixtures.Edit(trivy, r => Vulnerability(r, 1)["VulnerabilityID"] = 5),
            "id-missing" => ReportFixtures.Edit(trivy, r => Vulnerability(r, 0).Remove("VulnerabilityID")),
            "score-string" => ReportFixtures.Edit(trivy, r => Vulnerability(r, 0)["CVSS"]!["nvd"]!["V3Score"] = "high"),
            "vendor-severity" => ReportFixtures.Edit(trivy, r => Vulnerability(r, 0)["VendorSeverity"]!["nvd"] = 9),
            "diffid" => ReportFixtures.Edit(trivy, r => Vulnerability(r, 0)["Layer"]!["DiffID"] = "sha256:abc"),
            "repodigest" => ReportFixtures.Edit(trivy, r => r["Metadata"]!["RepoDigests"] = new JsonArray("ghcr.io/aquasecurity/trivy-test-images:alpine-310")),
            "vendor-ids" => ReportFixtures.Edit(trivy, r => Vulnerability(r, 0)["VendorIDs"] = new JsonArray([.. Enumerable.Range(0, ReportLimits.MaxListItems + 1).Select(i => (JsonNode)$"RHSA-{i}")])),
            "matches-string" => ReportFixtures.Edit(grype, r => r["matches"] = "none"),
            "artifact-missing" => ReportFixtures.Edit(grype, r => r["matches"]![2]!.AsObject().Remove("artifact")),
            "layerid" => ReportFixtures.Edit(grype, r => r["matches"]![0]!["artifact"]!["locations"]![0]!["layerID"] = "layer-1"),
            "basescore" => ReportFixtures.Edit(grype, r => r["matches"]![0]!["relatedVulnerabilities"]![0]!["cvss"]![0]!["metrics"]!["baseScore"] = "5.9"),
            "manifest-base64" => ReportFixtures.Edit(grype, r => r["source"]!["target"]!["manifest"] = "not base64!"),
            "manifest-json" => ReportFixtures.Edit(grype, r => r["source"]!["target"]!["manifest"] = Convert.ToBase64String("{\"layers\": ["u8)),
            _ => throw new ArgumentOutOfRangeException(nameof(file)),
        };
    }

    private static JsonObject Vulnerability(JsonObject root, int index) =>
        root["Results"]![0]!["Vulnerabilities"]![index]!.AsObject();
}
