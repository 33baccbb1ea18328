using Tether.Core.Errors;
using Tether.Core.Identity;
using Tether.Core.Parsing;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Sbom.Parse;

/// <summary>Bytes of a CycloneDX or SPDX JSON SBOM in, an <see cref="SbomDocument"/> out. Pure and bounded.</summary>
public static class SbomParser
{
    /// <param name="content">The SBOM file's bytes.</param>
    /// <param name="source">The file name, used in every error.</param>
    /// <exception cref="InputException">Malformed, truncated, over a limit, or not a supported SBOM.</exception>
    public static SbomDocument Parse(ReadOnlyMemory<byte> content, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        if (SbomFormatDetector.DescribeNonJson(content.Span) is { } notJson)
        {
            throw new InputException(source, null, notJson);
        }

        // Windows tools write a UTF-8 byte order mark, which JsonDocument does not skip; the digest covers the file as is.
        var json = content.Span.StartsWith("\uFEFF"u8) ? content[3..] : content;
        using var document = BoundedJson.Parse(json, source, SbomLimits.MaxSbomBytes);
        var root = ReportElement.Root(document.RootElement, source);
        var documentDigest = Digest.Sha256(content.Span);
        return SbomFormatDetector.Detect(root) == SbomFormat.CycloneDx
            ? CycloneDxParser.Parse(root, documentDigest)
            : SpdxParser.Parse(root, documentDigest);
    }
}
