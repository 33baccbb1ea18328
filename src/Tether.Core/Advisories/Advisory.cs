namespace Tether.Core.Advisories;

/// <summary>
/// One OSV record (schema 1.x) as published: its lists keep the source's order, and the record's own JSON
/// is kept beside the parsed fields so details can be shown exactly as the database wrote them.
/// Free-form objects (<c>database_specific</c>, <c>ecosystem_specific</c>) are kept as their JSON text.
/// </summary>
public sealed record Advisory
{
    public required string Id { get; init; }

    /// <summary>When the database last changed the record; incremental imports compare it.</summary>
    public required DateTimeOffset Modified { get; init; }

    public string? SchemaVersion { get; init; }
    public DateTimeOffset? Published { get; init; }

    /// <summary>Set when the database retracted the record: it no longer applies to anything.</summary>
    public DateTimeOffset? Withdrawn { get; init; }

    /// <summary>Ids of the same vulnerability in other databases (CVE, GHSA, …).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Ids of different but related vulnerabilities.</summary>
    public IReadOnlyList<string> Related { get; init; } = [];

    /// <summary>Ids this record was derived from (a distro's record of an upstream CVE).</summary>
    public IReadOnlyList<string> Upstream { get; init; } = [];

    public string? Summary { get; init; }
    public string? Details { get; init; }
    public IReadOnlyList<SeverityScore> Severity { get; init; } = [];
    public IReadOnlyList<AffectedPackage> Affected { get; init; } = [];
    public IReadOnlyList<AdvisoryReference> References { get; init; } = [];
    public IReadOnlyList<AdvisoryCredit> Credits { get; init; } = [];

    /// <summary>The record's <c>database_specific</c> JSON, as given.</summary>
    public string? DatabaseSpecific { get; init; }

    /// <summary>The database's own rating of the whole record (Ubuntu priority, GitHub severity), when it gives one.</summary>
    public VendorSeverity? VendorSeverity { get; init; }

    /// <summary>The record's JSON text, exactly as read.</summary>
    public required string Record { get; init; }

    public bool IsWithdrawn => Withdrawn is not null;
}

/// <summary>A <c>severity</c> entry: <c>CVSS_V2</c>/<c>CVSS_V3</c>/<c>CVSS_V4</c> with a vector, or a database's own scale (<c>Ubuntu</c>).</summary>
public sealed record SeverityScore(string Type, string Score)
{
    public bool IsCvss => Type.StartsWith("CVSS_", StringComparison.Ordinal);
}

/// <summary>
/// A rating on a database's own scale (Debian urgency, Ubuntu priority, GitHub severity, OSS-Fuzz severity)
/// and the field it was read from (<c>ecosystem_specific.urgency</c>, <c>severity[Ubuntu]</c>…).
/// </summary>
public sealed record VendorSeverity(string Value, string Field);

public sealed record AdvisoryReference(string? Type, string Url);

public sealed record AdvisoryCredit(string Name)
{
    public IReadOnlyList<string> Contact { get; init; } = [];
    public string? Type { get; init; }
}
