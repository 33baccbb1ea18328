using Tether.Core.Advisories;

namespace Tether.Vulnerabilities.Matching;

/// <summary>
/// A package version found affected by one vulnerability: the affected entry of the record that decided, the
/// decision (range, bounds, fixed version), and which name and version were compared.
/// </summary>
public sealed record PackageMatch(MatchablePackage Package, AffectedEntry Entry, MatchDecision Decision)
{
    /// <summary>The name the advisory names (the source package for source-keyed distros).</summary>
    public required string MatchedOn { get; init; }

    public required string MatchedVersion { get; init; }

    /// <summary>True when <see cref="MatchedOn"/> is the source package, not the installed one.</summary>
    public bool OnSource { get; init; }

    public string VulnerabilityId => Entry.VulnerabilityId;
}

/// <summary>What a matching run found, and what it could not match (named, counted warnings).</summary>
public sealed record MatchOutcome(IReadOnlyList<PackageMatch> Matches, IReadOnlyDictionary<string, int> Warnings)
{
    public required int Packages { get; init; }

    /// <summary>Affected entries evaluated (one per package, advisory entry and name looked up).</summary>
    public required long Evaluations { get; init; }

    /// <summary>Packages whose ecosystem has no advisories in the database (none imported, or none exist).</summary>
    public required int PackagesWithoutAdvisories { get; init; }
}
