using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.Testing;

namespace Tether.Vulnerabilities.Tests.Reports;

/// <summary>The real scanner reports in shared/testdata/reports, and edited copies of them for edge cases.</summary>
internal static class ReportFixtures
{
    public const string TrivyFile = "trivy-alpine-310.json";
    public const string GrypeFile = "grype-keycloak-test.json";
    public const string TrivySarifFile = "trivy-alpine-310.sarif.json";

    public static byte[] Trivy => Read(TrivyFile);
    public static byte[] Grype => Read(GrypeFile);
    public static byte[] TrivySarif => Read(TrivySarifFile);

    public static byte[] Read(string name) => File.ReadAllBytes(TestData.Shared("reports", name));

    public static JsonDocument Json(byte[] bytes) => JsonDocument.Parse(bytes);

    /// <summary>A copy of a report with one edit, as bytes.</summary>
    public static byte[] Edit(byte[] report, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(report)!.AsObject();
        edit(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>sha256 computed here, independently of the code under test.</summary>
    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
