namespace Tether.Core.Advisories;

/// <summary>
/// One <c>affected[]</c> entry. <see cref="Index"/> is its position in the record, so a finding can cite
/// exactly which entry (and which range in it) matched.
/// </summary>
public sealed record AffectedPackage
{
    public required int Index { get; init; }

    /// <summary>OSV ecosystem with its release when it has one (<c>Debian:12</c>, <c>Alpine:v3.18</c>, <c>npm</c>); null when the entry names no package.</summary>
    public string? Ecosystem { get; init; }

    public string? Name { get; init; }
    public string? Purl { get; init; }
    public IReadOnlyList<AffectedRange> Ranges { get; init; } = [];

    /// <summary>Versions listed explicitly (enumerated by the database), in the given order.</summary>
    public IReadOnlyList<string> Versions { get; init; } = [];

    public IReadOnlyList<SeverityScore> Severity { get; init; } = [];

    /// <summary>The database's rating for this package in this release (Debian urgency, Ubuntu priority…).</summary>
    public VendorSeverity? VendorSeverity { get; init; }

    public string? EcosystemSpecific { get; init; }
    public string? DatabaseSpecific { get; init; }
}

/// <summary>
/// A <c>ranges[]</c> entry with its events exactly in the given order: the order is the meaning
/// (an <c>introduced</c> opens an interval that the next <c>fixed</c> or <c>last_affected</c> closes).
/// </summary>
public sealed record AffectedRange(string Type, IReadOnlyList<RangeEvent> Events)
{
    public const string Git = "GIT";
    public const string Semver = "SEMVER";
    public const string Ecosystem = "ECOSYSTEM";

    /// <summary>Why a range is kept but not matched: versions of an image are not commits.</summary>
    public const string GitNote = "not used for matching: GIT ranges need commit graphs";

    /// <summary>The repository a <c>GIT</c> range's commits belong to.</summary>
    public string? Repo { get; init; }

    public string? DatabaseSpecific { get; init; }

    public bool UsedForMatching => Type != Git;

    /// <summary>Null for ranges matching uses; otherwise why it does not.</summary>
    public string? Note => UsedForMatching ? null : GitNote;
}

public enum RangeEventKind
{
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}

/// <summary>One event of a range: <c>introduced</c>, <c>fixed</c>, <c>last_affected</c> or <c>limit</c> with its version (or commit).</summary>
public readonly record struct RangeEvent(RangeEventKind Kind, string Version)
{
    /// <summary>The OSV field name of the event kind.</summary>
    public string Name => NameOf(Kind);

    public static string NameOf(RangeEventKind kind) => kind switch
    {
        RangeEventKind.Introduced => "introduced",
        RangeEventKind.Fixed => "fixed",
        RangeEventKind.LastAffected => "last_affected",
        _ => "limit",
    };

    public static bool TryParseName(string name, out RangeEventKind kind)
    {
        switch (name)
        {
            case "introduced":
                kind = RangeEventKind.Introduced;
                return true;
            case "fixed":
                kind = RangeEventKind.Fixed;
                return true;
            case "last_affected":
                kind = RangeEventKind.LastAffected;
                return true;
            case "limit":
                kind = RangeEventKind.Limit;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
