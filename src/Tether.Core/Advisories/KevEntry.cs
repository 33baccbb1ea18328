namespace Tether.Core.Advisories;

/// <summary>CISA's Known Exploited Vulnerabilities catalog (<c>known_exploited_vulnerabilities.json</c>).</summary>
public sealed record KevCatalog(IReadOnlyList<KevEntry> Vulnerabilities)
{
    public string? Title { get; init; }
    public string? CatalogVersion { get; init; }
    public DateTimeOffset? DateReleased { get; init; }
}

/// <summary>One KEV entry: a CVE exploited in the wild, with CISA's remediation due date.</summary>
public sealed record KevEntry(string CveId, DateOnly DateAdded)
{
    public string? VendorProject { get; init; }
    public string? Product { get; init; }
    public string? VulnerabilityName { get; init; }
    public string? ShortDescription { get; init; }
    public string? RequiredAction { get; init; }
    public DateOnly? DueDate { get; init; }

    /// <summary><c>Known</c> or <c>Unknown</c>, as CISA writes it.</summary>
    public string? KnownRansomwareCampaignUse { get; init; }

    public string? Notes { get; init; }
    public IReadOnlyList<string> Cwes { get; init; } = [];
}
