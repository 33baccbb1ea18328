using System.Data.Common;
using Tether.Core.Advisories;

namespace Tether.Storage.Advisories;

/// <summary>Column lists and row readers shared by the store's queries.</summary>
internal static class AdvisoryRows
{
    public const string AdvisoryColumns =
        "a.id, a.modified, a.published, a.withdrawn, a.summary, a.aliases, a.upstream, a.related, a.severity, " +
        "a.vendor_severity, a.vendor_severity_field, a.record, a.import_id, i.finished_at, v.group_id";

    public const string AdvisoryFrom =
        "advisories a JOIN advisory_imports i ON i.id = a.import_id LEFT JOIN vulnerability_ids v ON v.id = a.id";

    public const string AffectedColumns =
        "f.advisory_id, f.ordinal, f.ecosystem, f.package_name, f.purl, f.ranges, f.versions, f.severity, " +
        "f.vendor_severity, f.vendor_severity_field, f.ecosystem_specific, f.database_specific, a.modified, v.group_id";

    public const string AffectedFrom =
        "advisory_affected f JOIN advisories a ON a.id = f.advisory_id LEFT JOIN vulnerability_ids v ON v.id = f.advisory_id";

    public const string ImportColumns =
        "id, feed, source, started_at, finished_at, records, created, updated, withdrawn, unchanged, warnings, feed_version, feed_date";

    public static StoredAdvisory ReadAdvisory(DbDataReader reader)
    {
        var id = reader.GetString(0);
        var withdrawn = OptionalTime(reader, 3);
        return new StoredAdvisory(id, DbCommandExtensions.FromUnixMs(reader.GetInt64(1)))
        {
            Published = OptionalTime(reader, 2),
            Withdrawn = withdrawn,
            Summary = OptionalString(reader, 4),
            Aliases = AdvisoryJson.ReadStrings(reader.GetString(5)),
            Upstream = AdvisoryJson.ReadStrings(reader.GetString(6)),
            Related = AdvisoryJson.ReadStrings(reader.GetString(7)),
            Severity = AdvisoryJson.ReadSeverities(reader.GetString(8)),
            VendorSeverity = Vendor(reader, 9),
            Record = reader.GetString(11),
            ImportId = reader.GetInt64(12),
            StoredAt = DbCommandExtensions.FromUnixMs(reader.GetInt64(13)),
            VulnerabilityId = withdrawn is null ? OptionalString(reader, 14) ?? id : id,
        };
    }

    public static AffectedEntry ReadAffected(DbDataReader reader)
    {
        var advisoryId = reader.GetString(0);
        var package = new AffectedPackage
        {
            Index = reader.GetInt32(1),
            Ecosystem = reader.GetString(2),
            Name = reader.GetString(3),
            Purl = OptionalString(reader, 4),
            Ranges = AdvisoryJson.ReadRanges(reader.GetString(5)),
            Versions = AdvisoryJson.ReadStrings(reader.GetString(6)),
            Severity = AdvisoryJson.ReadSeverities(reader.GetString(7)),
            VendorSeverity = Vendor(reader, 8),
            EcosystemSpecific = OptionalString(reader, 10),
            DatabaseSpecific = OptionalString(reader, 11),
        };
        return new AffectedEntry(
            advisoryId,
            OptionalString(reader, 13) ?? advisoryId,
            DbCommandExtensions.FromUnixMs(reader.GetInt64(12)),
            package);
    }

    public static AdvisoryImportRecord ReadImport(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
            DbCommandExtensions.FromUnixMs(reader.GetInt64(3)),
            OptionalTime(reader, 4) ?? DbCommandExtensions.FromUnixMs(reader.GetInt64(3)))
        {
            Records = reader.GetInt64(5),
            Created = reader.GetInt64(6),
            Updated = reader.GetInt64(7),
            Withdrawn = reader.GetInt64(8),
            Unchanged = reader.GetInt64(9),
            Warnings = reader.GetInt64(10),
            FeedVersion = OptionalString(reader, 11),
            FeedDate = OptionalTime(reader, 12),
        };

    public static string? OptionalString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset? OptionalTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DbCommandExtensions.FromUnixMs(reader.GetInt64(ordinal));

    private static VendorSeverity? Vendor(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new VendorSeverity(reader.GetString(ordinal), reader.GetString(ordinal + 1));
}
