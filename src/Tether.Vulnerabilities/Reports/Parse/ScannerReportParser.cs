using Tether.Core.Identity;
using Tether.Core.Parsing;

namespace Tether.Vulnerabilities.Reports.Parse;

/// <summary>Bytes of a Trivy or Grype JSON report in, a <see cref="ScannerReport"/> out. Pure and bounded.</summary>
public static class ScannerReportParser
{
    /// <param name="content">The report file's bytes.</param>
    /// <param name="source">The file name, used in every error.</param>
    /// <exception cref="Tether.Core.Errors.InputException">Malformed, truncated, over a limit, or not a Trivy/Grype report.</exception>
    public static ScannerReport Parse(ReadOnlyMemory<byte> content, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        using var document = BoundedJson.Parse(content, source, ReportLimits.MaxReportBytes);
        var root = ReportElement.Root(document.RootElement, source);
        var documentDigest = Digest.Sha256(content.Span);
        return ReportFormatDetector.Detect(root) switch
        {
            ReportFormat.Trivy => TrivyReportParser.Parse(root, documentDigest),
            _ => GrypeReportParser.Parse(root, documentDigest),
        };
    }
}
