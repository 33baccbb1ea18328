namespace Tether.Core.Advisories;

/// <summary>A stored OSV record: its main fields, the vulnerability group it belongs to, and its JSON as imported.</summary>
public sealed record StoredAdvisory(string Id, DateTimeOffset Modified)
{
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Withdrawn { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public IReadOnlyList<string> Upstream { get; init; } = [];
    public IReadOnlyList<string> Related { get; init; } = [];
    public IReadOnlyList<SeverityScore> Severity { get; init; } = [];
    public VendorSeverity? VendorSeverity { get; init; }

    /// <summary>The name of its vulnerability group (a CVE when the group has one); its own id when withdrawn.</summary>
    public required string VulnerabilityId { get; init; }

    /// <summary>The OSV JSON exactly as imported.</summary>
    public required string Record { get; init; }

    public long ImportId { get; init; }

    /// <summary>When the import that wrote it committed (the store's clock).</summary>
    public DateTimeOffset StoredAt { get; init; }
}

/// <summary>One affected entry of a live record, as matching reads it.</summary>
/// <param name="AdvisoryId">The record's id (<c>DEBIAN-CVE-2024-1234</c>, <c>GHSA-…</c>).</param>
/// <param name="VulnerabilityId">The name of the record's vulnerability group (<c>CVE-2024-1234</c>).</param>
/// <param name="AdvisoryModified">The record's <c>modified</c> time.</param>
/// <param name="Package">The entry: ecosystem, name, ranges with events in order, versions, severities.</param>
public sealed record AffectedEntry(string AdvisoryId, string VulnerabilityId, DateTimeOffset AdvisoryModified, AffectedPackage Package);

/// <summary>Ids that name one vulnerability across databases.</summary>
/// <param name="Id">The group's name: its CVE when it has one (see <see cref="VulnerabilityIds.CompareForName"/>).</param>
/// <param name="Ids">Every id in the group, ordered by <see cref="VulnerabilityIds.CompareForName"/>.</param>
/// <param name="AdvisoryIds">Live records whose id is in the group or that name one of its ids, ordered by id.</param>
public sealed record VulnerabilityGroup(string Id, IReadOnlyList<string> Ids, IReadOnlyList<string> AdvisoryIds);

/// <summary>A record written by an import (<see cref="StoredAt"/>: when that import committed), and the packages it affects now.</summary>
public sealed record AdvisoryChange(string AdvisoryId, DateTimeOffset Modified, DateTimeOffset? Withdrawn, DateTimeOffset StoredAt, long ImportId)
{
    /// <summary>Distinct (ecosystem, name) of its affected entries; empty for a withdrawn record.</summary>
    public IReadOnlyList<PackageKey> Packages { get; init; } = [];
}

/// <summary>A package as advisories name it: ecosystem with release, and name.</summary>
public readonly record struct PackageKey(string Ecosystem, string Name);
