using System.Text.Json;
using Tether.Core.Advisories;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Advisories.Parse;

/// <summary>
/// Where databases put their own rating. OSV has no common field for it: Ubuntu writes a <c>severity</c> entry
/// of type <c>Ubuntu</c>; Debian an <c>urgency</c> in each entry's <c>ecosystem_specific</c>; OSS-Fuzz a
/// <c>severity</c> there; GitHub a <c>severity</c> in the record's <c>database_specific</c>. The first found wins,
/// in this order, and the field is named so nobody mistakes a Debian urgency for a CVSS rating.
/// </summary>
internal static class VendorSeverities
{
    private static readonly string[] EcosystemSpecificFields = ["urgency", "ubuntu_priority", "priority", "severity"];
    private static readonly string[] DatabaseSpecificFields = ["severity", "urgency"];

    public static VendorSeverity? ForRecord(IReadOnlyList<SeverityScore> severity, ReportElement? databaseSpecific) =>
        FromSeverity(severity) ?? FromObject(databaseSpecific, "database_specific", DatabaseSpecificFields);

    public static VendorSeverity? ForAffected(IReadOnlyList<SeverityScore> severity, ReportElement? ecosystemSpecific, ReportElement? databaseSpecific) =>
        FromSeverity(severity)
        ?? FromObject(ecosystemSpecific, "ecosystem_specific", EcosystemSpecificFields)
        ?? FromObject(databaseSpecific, "database_specific", DatabaseSpecificFields);

    private static VendorSeverity? FromSeverity(IReadOnlyList<SeverityScore> severity) =>
        severity.FirstOrDefault(s => !s.IsCvss) is { } own ? new VendorSeverity(own.Score, $"severity[{own.Type}]") : null;

    private static VendorSeverity? FromObject(ReportElement? element, string name, string[] fields)
    {
        if (element is not { Kind: JsonValueKind.Object } value)
        {
            return null;
        }

        foreach (var field in fields)
        {
            if (value.Value.TryGetProperty(field, out var rating) && rating.ValueKind == JsonValueKind.String && rating.GetString() is { Length: > 0 } text)
            {
                return new VendorSeverity(text, $"{name}.{field}");
            }
        }

        return null;
    }
}
