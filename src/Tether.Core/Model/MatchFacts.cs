using Tether.Core.Graph;

namespace Tether.Core.Model;

/// <summary>
/// Tether's own finding: one distinct package version matched to one vulnerability by an advisory.
/// Key: <c>{package key}|{vulnerability id}</c>. Images reach it through their layers' packages, so one
/// match serves every image that shares the package; the node's window says when the finding appeared
/// and, once ended, when it was resolved (advisory withdrawn or changed, package gone).
/// </summary>
public sealed record VulnerabilityMatchFacts(string PackageKey, string VulnerabilityId) : NodeFacts
{
    public override string Kind => NodeKinds.VulnerabilityMatch;
    public override string Key => KeyOf(PackageKey, VulnerabilityId);
    public static string KeyOf(string packageKey, string vulnerabilityId) => $"{packageKey}|{vulnerabilityId}";

    /// <summary>The matcher decides every field anew: a fixed version no longer given must not survive a merge.</summary>
    public override bool ReplacesStored => true;

    /// <summary>Finds the matches an advisory decided, so withdrawing or narrowing it can resolve them.</summary>
    public override IEnumerable<string> Aliases => [AdvisoryAlias(AdvisoryId)];

    public static string AdvisoryAlias(string advisoryId) => $"advisory:{advisoryId}";

    /// <summary>The OSV record that decided (its id and <c>modified</c>).</summary>
    public required string AdvisoryId { get; init; }
    public DateTimeOffset? AdvisoryModified { get; init; }
    /// <summary>Index of the record's <c>affected[]</c> entry and of the range within it.</summary>
    public int AffectedIndex { get; init; }
    public int? RangeIndex { get; init; }
    /// <summary>What the advisory names: the source package (distros) or the package itself.</summary>
    public required string MatchedOn { get; init; }
    /// <summary>The version compared: the source version when matched on the source package, else the installed one.</summary>
    public string? MatchedVersion { get; init; }
    /// <summary>The advisory's ecosystem as written (<c>Debian:12</c>, <c>Red Hat:enterprise_linux:9::appstream</c>).</summary>
    public string? AdvisoryEcosystem { get; init; }
    public required string Reason { get; init; }
    public string? Introduced { get; init; }
    /// <summary>The version to move to.</summary>
    public string? FixedVersion { get; init; }
    public string? LastAffected { get; init; }
    /// <summary>Severity for this package as the advisory's source rates it (distro urgency/priority, GHSA severity).</summary>
    public string? Severity { get; init; }
}

/// <summary>
/// A finding appearing or being resolved. Key: <c>{UTC time ISO-8601}|{new|resolved}|{match key}</c>, so a
/// key-prefix scan lists the events of a day, an hour or a minute in time order.
/// </summary>
public sealed record FindingEventFacts(DateTimeOffset At, string Change, string MatchKey) : NodeFacts
{
    public const string New = "new";
    public const string Resolved = "resolved";

    public override string Kind => NodeKinds.FindingEvent;
    public override string Key => $"{At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}|{Change}|{MatchKey}";
    public required string VulnerabilityId { get; init; }
    public required string PackageKey { get; init; }
    public string? AdvisoryId { get; init; }
    public string? Reason { get; init; }
}
