using System.Text.Json;

namespace Tether.Vulnerabilities.Reports.Parse;

/// <summary>
/// Reads Trivy's JSON report (SchemaVersion 2). Trivy gives the image's config digest
/// (<c>Metadata.ImageID</c>) and, when the image came from a registry or daemon that knows them, repository
/// digests (<c>Metadata.RepoDigests</c>); it never gives a platform manifest digest.
/// </summary>
internal static class TrivyReportParser
{
    public const int SupportedSchemaVersion = 2;

    // Trivy's VendorSeverity uses its severity enum's numbers (pkg/types severity: 0 UNKNOWN … 4 CRITICAL).
    private static readonly string[] VendorSeverityNames = ["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"];

    public static ScannerReport Parse(ReportElement root, string documentDigest)
    {
        var schema = root.Integer("SchemaVersion");
        if (schema != SupportedSchemaVersion)
        {
            var field = root.Property("SchemaVersion") ?? root;
            throw field.Error(
                $"Trivy report schema {schema?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"} is not supported; " +
                $"Tether reads SchemaVersion {SupportedSchemaVersion} (Trivy 0.20 and later).");
        }

        var version = root.Object("Trivy")?.NonEmptyString("Version") ?? "unknown";
        var createdAt = ReportFields.ParseTime(root, "CreatedAt");
        var image = ParseImage(root);

        var findings = new List<ReportedFinding>();
        foreach (var result in root.Array("Results", ReportLimits.MaxResults))
        {
            var type = result.NonEmptyString("Type");
            foreach (var vulnerability in result.Array("Vulnerabilities", ReportLimits.MaxFindings))
            {
                if (findings.Count == ReportLimits.MaxFindings)
                {
                    throw vulnerability.Error($"the report has more than {ReportLimits.MaxFindings} vulnerabilities.");
                }

                findings.Add(ParseFinding(vulnerability.Indexed(), type));
            }
        }

        return new ScannerReport(root.Source, documentDigest, ReportFormat.Trivy, version, createdAt, image, findings, []);
    }

    private static ReportedImage ParseImage(ReportElement root)
    {
        var metadata = root.Object("Metadata");
        if (metadata is not { } m)
        {
            return new ReportedImage { Name = root.NonEmptyString("ArtifactName") };
        }

        return new ReportedImage
        {
            Name = root.NonEmptyString("ArtifactName"),
            ConfigDigest = ReportFields.OptionalDigest(m, "ImageID"),
            RepoDigests = ReportFields.ParseRepoDigests(m, "RepoDigests"),
            DiffIds = [.. m.Array("DiffIDs", ReportLimits.MaxListItems).Select(ReportFields.RequiredDigest)],
            Tags = m.Strings("RepoTags", ReportLimits.MaxListItems),
        };
    }

    private static ReportedFinding ParseFinding(ReportElement v, string? resultType)
    {
        var id = v.RequiredString("VulnerabilityID");
        var severities = new List<SourcedSeverity>();
        if (v.NonEmptyString("Severity") is { } severity)
        {
            // Without SeveritySource the rating is Trivy's own choice among its sources.
            severities.Add(new SourcedSeverity(v.NonEmptyString("SeveritySource") ?? "trivy", severity));
        }

        if (v.Object("VendorSeverity") is { } vendorSeverity)
        {
            foreach (var (vendor, value) in vendorSeverity.Members(ReportLimits.MaxListItems))
            {
                severities.Add(new SourcedSeverity(vendor, VendorSeverityName(value)));
            }
        }

        var cvss = new List<SourcedCvss>();
        if (v.Object("CVSS") is { } cvssByVendor)
        {
            foreach (var (vendor, entry) in cvssByVendor.Members(ReportLimits.MaxListItems))
            {
                if (entry.Kind != JsonValueKind.Object)
                {
                    throw entry.Error("must be an object.");
                }

                var v3Vector = entry.NonEmptyString("V3Vector");
                var v3Score = entry.Number("V3Score");
                if (v3Vector is not null || v3Score is not null)
                {
                    cvss.Add(new SourcedCvss(vendor, ReportFields.CvssVersionOf(v3Vector) ?? "3", v3Vector, v3Score));
                }

                var v2Vector = entry.NonEmptyString("V2Vector");
                var v2Score = entry.Number("V2Score");
                if (v2Vector is not null || v2Score is not null)
                {
                    cvss.Add(new SourcedCvss(vendor, "2.0", v2Vector, v2Score));
                }
            }
        }

        var vulnerability = new ReportedVulnerability(
            id,
            v.Strings("VendorIDs", ReportLimits.MaxListItems),
            v.NonEmptyString("Title"),
            v.NonEmptyString("PrimaryURL"),
            severities,
            cvss);

        var package = new ReportedPackage(
            v.RequiredString("PkgName"),
            v.RequiredString("InstalledVersion"),
            resultType,
            v.Object("PkgIdentifier")?.NonEmptyString("PURL"),
            v.NonEmptyString("PkgPath"),
            SourcePackage: null);

        return new ReportedFinding(
            vulnerability,
            package,
            v.NonEmptyString("Severity"),
            v.NonEmptyString("FixedVersion"),
            v.NonEmptyString("Status"),
            v.Object("Layer") is { } layer ? ReportFields.OptionalDigest(layer, "DiffID") : null,
            v.Object("DataSource")?.NonEmptyString("ID"),
            MatchedBy: null);
    }

    private static string VendorSeverityName(ReportElement value) =>
        value.Kind == JsonValueKind.Number && value.Value.TryGetInt32(out var n) && n >= 0 && n < VendorSeverityNames.Length
            ? VendorSeverityNames[n]
            : throw value.Error($"must be a severity number 0-{VendorSeverityNames.Length - 1}.");
}
