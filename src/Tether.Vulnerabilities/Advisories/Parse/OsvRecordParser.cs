using System.Globalization;
using System.Text.Json;
using Tether.Core.Advisories;
using Tether.Core.Errors;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Advisories.Parse;

/// <summary>
/// One OSV record (schema 1.x) to an <see cref="Advisory"/>. Strict on what matching and incremental imports
/// depend on (id, modified, packages, ranges, events, versions, timestamps) and on JSON types everywhere;
/// unknown fields are ignored (later schema versions add some). Lists keep their order: range events are
/// meaningful in order. Errors are <see cref="InputException"/>s naming the field.
/// </summary>
public static class OsvRecordParser
{
    private const int MaxIdLength = 256;

    /// <summary>Parses <paramref name="element"/>, whose JSON text is <paramref name="record"/>.</summary>
    /// <exception cref="InputException">The record is malformed; the message names the field.</exception>
    public static Advisory Parse(JsonElement element, string source, string record, OsvLimits? limits = null)
    {
        limits ??= OsvLimits.Default;
        var root = ReportElement.Root(element, source).Indexed();
        var id = Id(root, "id");
        var severity = Severities(root, limits);
        var databaseSpecific = root.Property("database_specific");
        return new Advisory
        {
            Id = id,
            Modified = Time(root, "modified") ?? throw Required(root, "modified"),
            SchemaVersion = root.NonEmptyString("schema_version"),
            Published = Time(root, "published"),
            Withdrawn = Time(root, "withdrawn"),
            Aliases = Ids(root, "aliases", limits),
            Related = Ids(root, "related", limits),
            Upstream = Ids(root, "upstream", limits),
            Summary = root.String("summary"),
            Details = root.String("details"),
            Severity = severity,
            Affected = [.. root.Array("affected", limits.MaxAffected).Select((item, index) => Affected(item, index, limits))],
            References = [.. root.Array("references", limits.MaxListItems).Select(Reference)],
            Credits = [.. root.Array("credits", limits.MaxListItems).Select(item => Credit(item, limits))],
            DatabaseSpecific = databaseSpecific?.Value.GetRawText(),
            VendorSeverity = VendorSeverities.ForRecord(severity, databaseSpecific),
            Record = record,
        };
    }

    /// <summary>The record's id if it has a well-formed one (to name it in a warning about another field).</summary>
    public static string? TryReadId(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty("id", out var id)
            && id.ValueKind == JsonValueKind.String
            && id.GetString() is { } text
            && IsWellFormedId(text))
        {
            return text;
        }

        return null;
    }

    private static AffectedPackage Affected(ReportElement item, int index, OsvLimits limits)
    {
        var entry = item.Indexed();
        var package = entry.Object("package")?.Indexed();
        var severity = Severities(entry, limits);
        var ecosystemSpecific = entry.Property("ecosystem_specific");
        var databaseSpecific = entry.Property("database_specific");
        return new AffectedPackage
        {
            Index = index,
            Ecosystem = package?.RequiredString("ecosystem"),
            Name = package?.RequiredString("name"),
            Purl = package?.NonEmptyString("purl"),
            Ranges = [.. entry.Array("ranges", limits.MaxListItems).Select(range => Range(range, limits))],
            Versions = Strings(entry, "versions", limits),
            Severity = severity,
            VendorSeverity = VendorSeverities.ForAffected(severity, ecosystemSpecific, databaseSpecific),
            EcosystemSpecific = ecosystemSpecific?.Value.GetRawText(),
            DatabaseSpecific = databaseSpecific?.Value.GetRawText(),
        };
    }

    private static AffectedRange Range(ReportElement item, OsvLimits limits)
    {
        var range = item.Indexed();
        var type = range.RequiredString("type");
        if (!range.Has("events"))
        {
            throw Required(range, "events");
        }

        var events = range.Array("events", limits.MaxListItems).Select(Event).ToList();
        return new AffectedRange(type, events)
        {
            Repo = range.NonEmptyString("repo"),
            DatabaseSpecific = range.Property("database_specific")?.Value.GetRawText(),
        };
    }

    private static RangeEvent Event(ReportElement item)
    {
        if (item.Kind != JsonValueKind.Object)
        {
            throw item.Error("must be an object with one of introduced, fixed, last_affected or limit.");
        }

        RangeEvent? found = null;
        foreach (var member in item.Value.EnumerateObject())
        {
            if (!RangeEvent.TryParseName(member.Name, out var kind))
            {
                throw item.Error($"has '{member.Name}', not one of introduced, fixed, last_affected or limit.");
            }

            if (found is not null)
            {
                throw item.Error("has more than one of introduced, fixed, last_affected and limit.");
            }

            if (member.Value.ValueKind != JsonValueKind.String || member.Value.GetString() is not { Length: > 0 } version)
            {
                throw item.Property(member.Name) is { } value
                    ? value.Error("must be a non-empty version string.")
                    : item.Error($"{member.Name} must be a non-empty version string.");
            }

            found = new RangeEvent(kind, version);
        }

        return found ?? throw item.Error("is empty; it needs one of introduced, fixed, last_affected or limit.");
    }

    private static IReadOnlyList<SeverityScore> Severities(ReportElement parent, OsvLimits limits) =>
        [.. parent.Array("severity", limits.MaxListItems).Select(item =>
        {
            var severity = item.Indexed();
            return new SeverityScore(severity.RequiredString("type"), severity.RequiredString("score"));
        })];

    private static AdvisoryReference Reference(ReportElement item)
    {
        var reference = item.Indexed();
        return new AdvisoryReference(reference.NonEmptyString("type"), reference.RequiredString("url"));
    }

    private static AdvisoryCredit Credit(ReportElement item, OsvLimits limits)
    {
        var credit = item.Indexed();
        return new AdvisoryCredit(credit.RequiredString("name"))
        {
            Contact = Strings(credit, "contact", limits),
            Type = credit.NonEmptyString("type"),
        };
    }

    private static string Id(ReportElement parent, string name)
    {
        var id = parent.RequiredString(name);
        return IsWellFormedId(id)
            ? id
            : throw parent.Property(name)!.Value.Error($"'{Shorten(id)}' is not an id (at most {MaxIdLength} characters, no spaces, slashes or control characters).");
    }

    private static IReadOnlyList<string> Ids(ReportElement parent, string name, OsvLimits limits)
    {
        var ids = Strings(parent, name, limits);
        foreach (var id in ids)
        {
            if (!IsWellFormedId(id))
            {
                throw parent.Property(name)!.Value.Error($"'{Shorten(id)}' is not an id.");
            }
        }

        return ids;
    }

    private static IReadOnlyList<string> Strings(ReportElement parent, string name, OsvLimits limits) =>
        parent.Strings(name, limits.MaxListItems);

    private static DateTimeOffset? Time(ReportElement parent, string name)
    {
        var text = parent.NonEmptyString(name);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw parent.Property(name)!.Value.Error($"'{Shorten(text)}' is not an RFC 3339 timestamp.");
    }

    private static bool IsWellFormedId(string id) =>
        id.Length is > 0 and <= MaxIdLength && !id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '\\');

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static InputException Required(ReportElement parent, string name) =>
        new(parent.Source, parent.Path.Length == 0 ? name : $"{parent.Path}.{name}", "is required.");
}
