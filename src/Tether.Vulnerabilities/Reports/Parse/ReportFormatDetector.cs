using System.Text.Json;

namespace Tether.Vulnerabilities.Reports.Parse;

/// <summary>
/// Tells a Trivy report from a Grype report by content (file names say nothing reliable), and names the
/// neighbouring formats users are likely to pass by mistake instead of calling them "invalid".
/// </summary>
internal static class ReportFormatDetector
{
    public static ReportFormat Detect(ReportElement root)
    {
        if (root.Kind != JsonValueKind.Object)
        {
            throw root.Error($"is neither a Trivy nor a Grype JSON report: the document is {root.Kind.ToString().ToLowerInvariant()}, not an object.");
        }

        if (root.Has("SchemaVersion") && (root.Has("Results") || root.Has("ArtifactName")))
        {
            return ReportFormat.Trivy;
        }

        if (root.Has("matches") && (root.Has("source") || root.Has("descriptor")))
        {
            return ReportFormat.Grype;
        }

        var other = root switch
        {
            _ when root.Has("runs") && (root.String("$schema")?.Contains("sarif", StringComparison.OrdinalIgnoreCase) == true || root.Has("version"))
                => "a SARIF log",
            _ when root.Has("bomFormat") => "a CycloneDX document",
            _ when root.Has("spdxVersion") => "an SPDX document",
            _ when root.Has("artifacts") && root.Has("descriptor") => "a Syft SBOM (a package list, not vulnerability findings)",
            _ => null,
        };
        throw root.Error(other is null
            ? "is neither a Trivy JSON report (SchemaVersion, Results) nor a Grype JSON report (matches, source)."
            : $"is {other}; Tether reads Trivy and Grype JSON reports (`trivy image --format json`, `grype -o json`).");
    }
}
