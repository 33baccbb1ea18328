using Tether.Cli.Presentation;
using Tether.Core.Advisories;
using Tether.Vulnerabilities.Matching;
using Tether.Vulnerabilities.Reports.Normalize;
using Tether.Vulnerabilities.Severity;
using Tether.Vulnerabilities.Severity.Selection;

namespace Tether.Cli.Commands;

/// <summary>
/// Matches to findings: each vulnerability described by the records that decided its matches (aliases, summary,
/// severity), with its KEV entry and EPSS score looked up by CVE id. A few set-oriented reads, whatever the number of matches.
/// </summary>
internal static class MatchFindings
{
    /// <param name="advisories">The advisory database the matches came from.</param>
    /// <param name="matches">What <see cref="PackageMatcher"/> found.</param>
    /// <param name="describe">The purl and locations of a package, by package key.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<IReadOnlyList<VulnerabilityFinding>> BuildAsync(
        IAdvisoryStore advisories,
        IReadOnlyList<PackageMatch> matches,
        Func<string, (string? Purl, IReadOnlyList<FindingLocation> Locations)> describe,
        CancellationToken cancellationToken)
    {
        if (matches.Count == 0)
        {
            return [];
        }

        var records = (await advisories.GetAdvisoriesAsync([.. matches.Select(m => m.Entry.AdvisoryId).Distinct(StringComparer.Ordinal)], cancellationToken))
            .ToDictionary(r => r.Id, StringComparer.Ordinal);
        var vulnerabilities = matches.GroupBy(m => m.VulnerabilityId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Describe(g.Key, [.. g.Select(m => m.Entry)], records), StringComparer.Ordinal);

        var cves = vulnerabilities.Values.Select(CveOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var kev = cves.Count == 0 ? new Dictionary<string, KevEntry>() : await advisories.GetKevAsync(cves, cancellationToken);
        var epss = cves.Count == 0 ? new Dictionary<string, EpssScore>() : await advisories.GetEpssAsync(cves, cancellationToken);

        var findings = new List<VulnerabilityFinding>(matches.Count);
        foreach (var match in matches)
        {
            var vulnerability = vulnerabilities[match.VulnerabilityId];
            if (CveOf(vulnerability) is { } cve)
            {
                vulnerability = vulnerability with { Kev = kev.GetValueOrDefault(cve), Epss = epss.GetValueOrDefault(cve) };
            }

            var (purl, locations) = describe(match.Package.Key);
            var entry = match.Entry;
            var decision = match.Decision;
            findings.Add(new VulnerabilityFinding(
                vulnerability,
                new FindingPackage(match.Package.Ecosystem, match.Package.Name, match.Package.Version)
                {
                    Purl = purl,
                    SourceName = match.Package.SourceName,
                    SourceVersion = match.Package.SourceVersion,
                },
                new FindingAdvisory(entry.AdvisoryId, entry.AdvisoryModified, entry.Package.Ecosystem, entry.Package.Index, decision.RangeIndex),
                new FindingMatch(match.MatchedOn, match.MatchedVersion, match.OnSource, decision.Reason)
                {
                    Introduced = decision.Introduced,
                    Fixed = decision.Fixed,
                    LastAffected = decision.LastAffected,
                })
            {
                Locations = locations,
            });
        }

        return findings;
    }

    /// <summary>
    /// A vulnerability as its deciding records and entries describe it. Severity: the CVSS vector
    /// <see cref="CvssSelection"/> picks among every vector they give; without one, the database's own rating of the
    /// deciding entry (a Debian urgency for that release), then of the record (GitHub's severity); else UNKNOWN.
    /// </summary>
    private static FindingVulnerability Describe(string id, IReadOnlyList<AffectedEntry> entries, Dictionary<string, StoredAdvisory> records)
    {
        var deciding = entries.Select(e => e.AdvisoryId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(records.GetValueOrDefault).OfType<StoredAdvisory>().ToList();
        var vectors = deciding.SelectMany(r => r.Severity).Concat(entries.SelectMany(e => e.Package.Severity)).Where(s => s.IsCvss).Select(s => s.Score);
        var cvss = CvssSelection.Pick(vectors);

        string severity;
        string? source = null;
        if (cvss.Chosen is not null)
        {
            (severity, source) = (cvss.Severity ?? SeverityScale.Unknown, "cvss");
        }
        else if (entries.Where(e => e.Package.VendorSeverity is not null).OrderBy(e => e.AdvisoryId, StringComparer.Ordinal).FirstOrDefault() is { } rated)
        {
            (severity, source) = (FindingSeverity.FromVendor(rated.Package.VendorSeverity!.Value), $"{rated.AdvisoryId} {rated.Package.VendorSeverity.Field}");
        }
        else if (deciding.FirstOrDefault(r => r.VendorSeverity is not null) is { } record)
        {
            (severity, source) = (FindingSeverity.FromVendor(record.VendorSeverity!.Value), $"{record.Id} {record.VendorSeverity.Field}");
        }
        else
        {
            severity = SeverityScale.Unknown;
        }

        return new FindingVulnerability(id, severity)
        {
            Aliases = MatchFactsBuilder.Aliases(id, deciding),
            Summary = MatchFactsBuilder.Summary(deciding),
            SeveritySource = severity == SeverityScale.Unknown ? null : source,
            Cvss = cvss.Chosen is { } vector ? new FindingCvss(vector.BaseScore, vector.Vector, vector.Version.Label()) : null,
        };
    }

    private static string? CveOf(FindingVulnerability vulnerability) => VulnerabilityIds.CveOf(vulnerability.Id, vulnerability.Aliases);
}
