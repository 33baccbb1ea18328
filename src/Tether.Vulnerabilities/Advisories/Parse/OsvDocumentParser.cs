using System.Text;
using System.Text.Json;
using Tether.Core.Advisories;
using Tether.Core.Errors;
using Tether.Core.Parsing;

namespace Tether.Vulnerabilities.Advisories.Parse;

/// <summary>The records of one JSON document, and the records skipped as malformed.</summary>
public sealed record OsvDocument(IReadOnlyList<Advisory> Advisories, IReadOnlyList<AdvisoryWarning> Warnings);

/// <summary>
/// A JSON document holding OSV records: one record (the export's <c>ID.json</c> files), an array of records,
/// or an API-style <c>{"vulns": […]}</c>. A malformed record becomes a warning and the others are kept; a
/// document that is not JSON at all is an <see cref="InputException"/> (the caller decides whether that ends
/// the import).
/// </summary>
public static class OsvDocumentParser
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <exception cref="InputException">The document is not JSON, is over the size limit, or holds neither a record nor a list of records.</exception>
    public static OsvDocument Parse(ReadOnlyMemory<byte> json, string source, OsvLimits? limits = null)
    {
        limits ??= OsvLimits.Default;
        if (json.Span.StartsWith(Utf8Bom))
        {
            json = json[Utf8Bom.Length..];
        }

        using var document = BoundedJson.Parse(json, source, limits.MaxDocumentBytes);
        var root = document.RootElement;
        var advisories = new List<Advisory>();
        var warnings = new List<AdvisoryWarning>();
        if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("vulns", out _))
        {
            Add(root, source, Encoding.UTF8.GetString(json.Span), limits, advisories, warnings);
            return new OsvDocument(advisories, warnings);
        }

        var list = root.ValueKind == JsonValueKind.Array ? root
            : root.ValueKind == JsonValueKind.Object && root.GetProperty("vulns") is { ValueKind: JsonValueKind.Array } vulns ? vulns
            : throw new InputException(source, null, $"is a JSON {root.ValueKind}, not an OSV record or a list of them.");
        var count = list.GetArrayLength();
        if (count > limits.MaxRecordsPerDocument)
        {
            throw new InputException(source, null, $"holds {count} records, over the limit of {limits.MaxRecordsPerDocument}.");
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            Add(item, $"{source}[{index++}]", item.GetRawText(), limits, advisories, warnings);
        }

        return new OsvDocument(advisories, warnings);
    }

    private static void Add(JsonElement element, string source, string record, OsvLimits limits, List<Advisory> advisories, List<AdvisoryWarning> warnings)
    {
        try
        {
            advisories.Add(OsvRecordParser.Parse(element, source, record, limits));
        }
        catch (InputException e)
        {
            warnings.Add(new AdvisoryWarning(source, OsvRecordParser.TryReadId(element), e.Field, e.Reason));
        }
    }
}
