namespace Tether.Core.Advisories;

/// <summary>The feeds an import can bring.</summary>
public static class AdvisoryFeeds
{
    public const string Osv = "osv";
    public const string Kev = "kev";
    public const string Epss = "epss";
}

/// <summary>What one batch write did.</summary>
public sealed record AdvisoryWriteSummary(int Created, int Updated, int Withdrawn, int Unchanged)
{
    public int Written => Created + Updated + Withdrawn;

    public AdvisoryWriteSummary Add(AdvisoryWriteSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Created + other.Created, Updated + other.Updated, Withdrawn + other.Withdrawn, Unchanged + other.Unchanged);
    }
}

/// <summary>A committed import, as recorded in the store.</summary>
public sealed record AdvisoryImportRecord(long Id, string Feed, string Source, DateTimeOffset StartedAt, DateTimeOffset FinishedAt)
{
    /// <summary>Records offered to the store (written or unchanged); for KEV and EPSS, entries stored.</summary>
    public long Records { get; init; }

    public long Created { get; init; }
    public long Updated { get; init; }
    public long Withdrawn { get; init; }
    public long Unchanged { get; init; }

    /// <summary>Malformed records skipped by the importer.</summary>
    public long Warnings { get; init; }

    /// <summary>The feed's own version (KEV <c>catalogVersion</c>, EPSS <c>model_version</c>).</summary>
    public string? FeedVersion { get; init; }

    /// <summary>The feed's own date (KEV <c>dateReleased</c>, EPSS <c>score_date</c>).</summary>
    public DateTimeOffset? FeedDate { get; init; }

    public long Written => Created + Updated + Withdrawn;
}

/// <summary>What the advisory database holds and how fresh it is.</summary>
public sealed record AdvisoryStatus
{
    /// <summary>Live (not withdrawn) records.</summary>
    public long Advisories { get; init; }

    /// <summary>Withdrawn records kept as tombstones.</summary>
    public long Withdrawn { get; init; }

    /// <summary>Distinct vulnerabilities (groups of ids) the live records form.</summary>
    public long Vulnerabilities { get; init; }

    /// <summary>The newest <c>modified</c> of any record.</summary>
    public DateTimeOffset? NewestModified { get; init; }

    /// <summary>Per ecosystem without release (<c>Debian</c>, <c>npm</c>), ordered by name.</summary>
    public IReadOnlyList<EcosystemStatus> Ecosystems { get; init; } = [];

    public AdvisoryImportRecord? LastOsvImport { get; init; }
    public AdvisoryImportRecord? LastKevImport { get; init; }
    public AdvisoryImportRecord? LastEpssImport { get; init; }
    public long KevEntries { get; init; }
    public long EpssScores { get; init; }
}

/// <param name="Ecosystem">OSV ecosystem without release.</param>
/// <param name="Advisories">Live records with at least one entry in it.</param>
/// <param name="AffectedEntries">Affected entries in it (one per package and release).</param>
/// <param name="NewestModified">The newest <c>modified</c> among those records.</param>
public sealed record EcosystemStatus(string Ecosystem, long Advisories, long AffectedEntries, DateTimeOffset? NewestModified);
