using System.Globalization;
using System.Text.RegularExpressions;
using Tether.Core.Advisories;
using Tether.Core.Errors;
using Tether.Core.Parsing;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Advisories.Parse;

/// <summary>
/// CISA's <c>known_exploited_vulnerabilities.json</c>. The catalog is one snapshot that replaces the stored one,
/// so a malformed entry rejects the file (naming the entry and field) rather than silently dropping a CVE.
/// </summary>
public static partial class KevCatalogParser
{
    /// <exception cref="InputException">The file is not a KEV catalog or an entry is malformed.</exception>
    public static KevCatalog Parse(ReadOnlyMemory<byte> json, string source, OsvLimits? limits = null)
    {
        limits ??= OsvLimits.Default;
        using var document = BoundedJson.Parse(json, source, limits.MaxFeedBytes);
        var root = ReportElement.Root(document.RootElement, source).Indexed();
        if (!root.Has("vulnerabilities"))
        {
            throw new InputException(source, "vulnerabilities", "is required: this is not a KEV catalog.");
        }

        var entries = root.Array("vulnerabilities", limits.MaxListItems).Select(item => Entry(item, limits)).ToList();
        var released = root.NonEmptyString("dateReleased");
        return new KevCatalog(entries)
        {
            Title = root.NonEmptyString("title"),
            CatalogVersion = root.NonEmptyString("catalogVersion"),
            DateReleased = released is null ? null
                : DateTimeOffset.TryParse(released, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time
                : throw root.Property("dateReleased")!.Value.Error($"'{released}' is not a timestamp."),
        };
    }

    private static KevEntry Entry(ReportElement item, OsvLimits limits)
    {
        var entry = item.Indexed();
        var cve = entry.RequiredString("cveID");
        if (!CvePattern().IsMatch(cve))
        {
            throw entry.Property("cveID")!.Value.Error($"'{cve}' is not a CVE id.");
        }

        var added = Date(entry, "dateAdded") ?? throw new InputException(entry.Source, $"{entry.Path}.dateAdded", "is required.");
        return new KevEntry(cve, added)
        {
            VendorProject = entry.NonEmptyString("vendorProject"),
            Product = entry.NonEmptyString("product"),
            VulnerabilityName = entry.NonEmptyString("vulnerabilityName"),
            ShortDescription = entry.NonEmptyString("shortDescription"),
            RequiredAction = entry.NonEmptyString("requiredAction"),
            DueDate = Date(entry, "dueDate"),
            KnownRansomwareCampaignUse = entry.NonEmptyString("knownRansomwareCampaignUse"),
            Notes = entry.NonEmptyString("notes"),
            Cwes = entry.Strings("cwes", limits.MaxListItems),
        };
    }

    private static DateOnly? Date(ReportElement parent, string name)
    {
        var text = parent.NonEmptyString(name);
        return text is null ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
            : throw parent.Property(name)!.Value.Error($"'{text}' is not a yyyy-MM-dd date.");
    }

    [GeneratedRegex(@"^CVE-\d{4}-\d{4,}$")]
    private static partial Regex CvePattern();
}
