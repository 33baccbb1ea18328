namespace Tether.Vulnerabilities.Matching;

/// <summary>
/// Why a version is or is not affected by one OSV <c>affected[]</c> entry: which range (or the explicit
/// versions list) decided, the bounds that did, and the version to move to.
/// </summary>
public sealed record MatchDecision(
    bool Affected,
    string Reason,
    int? RangeIndex = null,
    string? Introduced = null,
    string? Fixed = null,
    string? LastAffected = null,
    IReadOnlyList<string>? Warnings = null)
{
    public static MatchDecision NotAffected(string reason, IReadOnlyList<string>? warnings = null) => new(false, reason, Warnings: warnings);
}
