using Tether.Core.Advisories;
using Tether.Core.Model;
using Tether.Vulnerabilities.Severity.Selection;

namespace Tether.Vulnerabilities.Matching;

/// <summary>Turns matches and the records that decided them into graph facts.</summary>
public static class MatchFactsBuilder
{
    public static VulnerabilityMatchFacts Match(PackageMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var decision = match.Decision;
        return new VulnerabilityMatchFacts(match.Package.Key, match.VulnerabilityId)
        {
            AdvisoryId = match.Entry.AdvisoryId,
            AdvisoryModified = match.Entry.AdvisoryModified,
            AdvisoryEcosystem = match.Entry.Package.Ecosystem,
            AffectedIndex = match.Entry.Package.Index,
            RangeIndex = decision.RangeIndex,
            MatchedOn = match.OnSource ? $"source package {match.MatchedOn}" : match.MatchedOn,
            MatchedVersion = match.MatchedVersion,
            Reason = decision.Reason,
            Introduced = decision.Introduced,
            FixedVersion = decision.Fixed,
            LastAffected = decision.LastAffected,
            Severity = match.Entry.Package.VendorSeverity?.Value,
        };
    }

    /// <summary>
    /// The vulnerability as the deciding records describe it: its group name as key, every other id they give as
    /// aliases (so <c>tether trace GHSA-…</c> finds a CVE-named node), the summary, and the CVSS rating chosen by
    /// <see cref="CvssSelection"/> over the records' vectors. Records without vectors (distro records) leave severity
    /// to other sources rather than writing an empty one.
    /// </summary>
    /// <summary>Every other id the deciding records give the vulnerability (their own ids, aliases, upstream), sorted.</summary>
    public static IReadOnlyList<string> Aliases(string id, IEnumerable<StoredAdvisory> records) =>
        [.. records.SelectMany(r => r.Aliases.Concat(r.Upstream).Append(r.Id)).Where(alias => alias != id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The first summary the deciding records give.</summary>
    public static string? Summary(IEnumerable<StoredAdvisory> records) =>
        records.Select(r => r.Summary).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s));

    public static VulnerabilityFacts Vulnerability(string id, IReadOnlyList<StoredAdvisory> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var cvss = CvssSelection.Pick(records.SelectMany(r => r.Severity).Where(s => s.IsCvss).Select(s => s.Score));
        return new VulnerabilityFacts(id)
        {
            AliasIds = Aliases(id, records),
            Title = Summary(records),
            Severity = cvss.Severity,
            CvssScore = cvss.Score,
            CvssVector = cvss.Chosen?.Vector,
            CvssSource = cvss.Chosen is null ? null : "osv",
            SeveritySource = cvss.Chosen is null ? null : "osv",
        };
    }
}
