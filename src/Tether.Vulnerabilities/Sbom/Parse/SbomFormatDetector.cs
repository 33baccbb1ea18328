using System.Text.Json;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Sbom.Parse;

/// <summary>
/// Tells CycloneDX from SPDX by content (file names say nothing reliable) and names the neighbouring formats a user
/// is likely to pass by mistake — XML and tag-value encodings, SPDX 3, scanner reports, Syft's own JSON — instead
/// of calling them "invalid".
/// </summary>
internal static class SbomFormatDetector
{
    private const string Expected = "Tether reads CycloneDX JSON (1.4–1.7) and SPDX JSON (2.2, 2.3)";

    /// <summary>Before JSON parsing: encodings that are not JSON at all.</summary>
    public static string? DescribeNonJson(ReadOnlySpan<byte> content)
    {
        var text = content.Length > 256 ? content[..256] : content;
        if (text.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || text.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            // PowerShell's "> file" writes UTF-16; JSON exchanged between tools is UTF-8 (RFC 8259).
            return "is UTF-16 encoded; save it as UTF-8 (e.g. `Out-File -Encoding utf8` in PowerShell).";
        }

        var start = 0;
        if (text.StartsWith("\uFEFF"u8))
        {
            start = 3;
        }

        while (start < text.Length && text[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        var head = text[start..];
        return head switch
        {
            _ when head.StartsWith("<"u8) => "is XML (CycloneDX XML or SPDX RDF/XML?)",
            _ when head.StartsWith("SPDXVersion:"u8) => "is an SPDX tag-value document",
            _ => null,
        } is { } what
            ? $"{what}; {Expected}: convert it, e.g. with `cyclonedx convert --output-format json` or the SPDX tools."
            : null;
    }

    public static SbomFormat Detect(ReportElement root)
    {
        if (root.Kind != JsonValueKind.Object)
        {
            throw root.Error($"is not an SBOM: the document is {root.Kind.ToString().ToLowerInvariant()}, not an object; {Expected}.");
        }

        if (root.Has("bomFormat"))
        {
            var format = root.String("bomFormat");
            return format == "CycloneDX"
                ? SbomFormat.CycloneDx
                : throw (root.Property("bomFormat") ?? root).Error($"'{format}' is not CycloneDX; {Expected}.");
        }

        if (root.Has("spdxVersion"))
        {
            return SbomFormat.Spdx;
        }

        var other = root switch
        {
            _ when root.Has("@context") || root.Has("@graph") => "a JSON-LD document (SPDX 3?)",
            _ when root.Has("SchemaVersion") && (root.Has("Results") || root.Has("ArtifactName")) => "a Trivy JSON report (use `tether ingest report`, or `trivy image --format cyclonedx` for an SBOM)",
            _ when root.Has("matches") && (root.Has("source") || root.Has("descriptor")) => "a Grype JSON report (use `tether ingest report`)",
            _ when root.Has("artifacts") && root.Has("descriptor") => "Syft's own JSON format (use `syft -o cyclonedx-json` or `-o spdx-json`)",
            _ when root.Has("runs") => "a SARIF log",
            _ when root.Has("payloadType") && root.Has("payload") => "a DSSE envelope (an attestation: extract its payload's predicate)",
            _ when root.Has("_type") && root.Has("predicateType") => "an in-toto statement (extract its predicate)",
            _ => null,
        };
        throw root.Error(other is null
            ? $"is neither CycloneDX (bomFormat) nor SPDX (spdxVersion); {Expected}."
            : $"is {other}; {Expected}.");
    }
}
