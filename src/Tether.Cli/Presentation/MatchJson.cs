using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Cli.Presentation;

/// <summary>
/// The JSON shape of <c>tether vuln match -o json</c>, documented in docs/matching.md. Stable: fields are added, never
/// renamed or removed; unknown values are <c>null</c>, never guessed.
/// </summary>
public static class MatchJson
{
    public static object View(MatchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new
        {
            sboms = report.Sboms.Select(s => new
            {
                file = s.File,
                format = s.Format,
                producer = s.Producer,
                image = Image(s.Image),
                packages = s.Packages,
                notes = s.Notes,
            }),
            packages = report.Packages,
            packagesWithoutAdvisories = report.PackagesWithoutAdvisories,
            ecosystemsWithoutAdvisories = report.EcosystemsWithoutAdvisories.Select(e => new { ecosystem = e.Ecosystem, packages = e.Packages }),
            unfixedLeftOut = report.UnfixedLeftOut,
            matches = FindingSeverity.Sort(report.Findings).Select(Match),
            warnings = report.Warnings.Select(w => new { message = w.Message, count = w.Count }),
        };
    }

    public static object Match(VulnerabilityFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var vulnerability = finding.Vulnerability;
        var package = finding.Package;
        var match = finding.Match;
        return new
        {
            vulnerability = new
            {
                id = vulnerability.Id,
                aliases = vulnerability.Aliases,
                summary = vulnerability.Summary,
                severity = vulnerability.Severity,
                severitySource = vulnerability.SeveritySource,
                cvss = vulnerability.Cvss is { } cvss ? new { score = cvss.Score, vector = cvss.Vector, version = cvss.Version } : null,
                kev = vulnerability.Kev is { } kev
                    ? new { dateAdded = kev.DateAdded, dueDate = kev.DueDate, knownRansomwareCampaignUse = kev.KnownRansomwareCampaignUse }
                    : null,
                epss = vulnerability.Epss is { } epss ? new { score = epss.Epss, percentile = epss.Percentile } : null,
            },
            package = new
            {
                ecosystem = package.Ecosystem,
                name = package.Name,
                version = package.Version,
                purl = package.Purl,
                source = package.SourceName is { } source ? new { name = source, version = package.SourceVersion } : null,
            },
            advisory = new
            {
                id = finding.Advisory.Id,
                modified = finding.Advisory.Modified,
                ecosystem = finding.Advisory.Ecosystem,
                affectedIndex = finding.Advisory.AffectedIndex,
                rangeIndex = finding.Advisory.RangeIndex,
            },
            matchedOn = match.MatchedOn,
            matchedOnSource = match.OnSource,
            matchedVersion = match.MatchedVersion,
            reason = match.Reason,
            introduced = match.Introduced,
            @fixed = match.Fixed,
            lastAffected = match.LastAffected,
            files = finding.Locations.Select(l => l.Path),
        };
    }

    /// <summary>What the SBOM says about its image; null when it says nothing.</summary>
    private static object? Image(ReportedImage image)
    {
        if (image.Name is null && image.ManifestDigest is null && image.ConfigDigest is null && image.RepoDigests.Count == 0)
        {
            return null;
        }

        return new
        {
            name = image.Name,
            manifestDigest = image.ManifestDigest,
            configDigest = image.ConfigDigest,
            repoDigests = image.RepoDigests.Select(d => $"{d.Repository}@{d.Digest}"),
        };
    }
}
