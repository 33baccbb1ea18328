using System.Text.Json;
using Tether.Vulnerabilities.Reports.Normalize;
using Tether.Vulnerabilities.Severity;

namespace Tether.Scanner.Output.CycloneDx;

/// <summary>
/// Findings as CycloneDX <c>vulnerabilities</c>: one entry per vulnerability id (ordinal order), affecting every
/// package it was found in (<c>affects[].ref</c> = the component's bom-ref, with the installed version marked
/// affected). Aliases and the matched advisory become <c>references</c>; the CVSS vector a <c>CVSSv2</c>/
/// <c>CVSSv3</c>/<c>CVSSv31</c>/<c>CVSSv4</c> rating rated from its score, and a vendor severity that says something
/// else an <c>other</c> rating; fixes the <c>recommendation</c>.
/// </summary>
internal static class CycloneDxVulnerabilities
{
    private sealed record Rating(string? Source, double? Score, string? Severity, string Method, string? Vector);

    public static void Write(Utf8JsonWriter writer, SbomSubject subject)
    {
        var affected = subject.Packages
            .SelectMany(p => p.Findings.Select(f => (Package: p, Finding: f)))
            .GroupBy(x => x.Finding.VulnerabilityId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);

        writer.WriteStartArray("vulnerabilities");
        foreach (var group in affected)
        {
            var id = group.Key;
            var findings = group.Select(x => x.Finding).ToList();
            writer.WriteStartObject();
            writer.WriteString("id", id);
            Source(writer, "source", VulnerabilitySources.Of(id));
            References(writer, id, findings);
            Ratings(writer, findings);

            var first = findings.FirstOrDefault(f => f.Summary is not null || f.Description is not null) ?? findings[0];
            writer.StringIfAny("description", first.Summary ?? first.Description);
            writer.StringIfAny("detail", first.Summary is null ? null : first.Description);

            var fixes = group.Where(x => x.Finding.FixedVersion is not null)
                .Select(x => $"Upgrade {x.Package.Package.Scanned.Name} to {x.Finding.FixedVersion}")
                .Distinct(StringComparer.Ordinal)
                .ToList();
            writer.StringIfAny("recommendation", fixes.Count == 0 ? null : string.Join("; ", fixes));

            writer.WriteStartArray("affects");
            foreach (var package in group.Select(x => x.Package).DistinctBy(p => p.Ref))
            {
                writer.WriteStartObject();
                writer.WriteString("ref", package.Ref);
                writer.WriteStartArray("versions");
                writer.WriteStartObject();
                writer.WriteString("version", package.Facts.Version);
                writer.WriteString("status", "affected");
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();

            var advisories = findings.Select(f => f.AdvisoryId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (advisories.Count > 0)
            {
                writer.WriteStartArray("properties");
                foreach (var advisory in advisories)
                {
                    CycloneDxWriter.Property(writer, PropertyNames.AdvisoryId, advisory);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Every other id of the vulnerability, the matched advisory's among them, each with who publishes it.</summary>
    private static void References(Utf8JsonWriter writer, string id, List<ScanFinding> findings)
    {
        var ids = new SortedDictionary<string, VulnerabilitySource>(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            foreach (var alias in finding.Aliases.Where(a => !string.IsNullOrEmpty(a) && a != id))
            {
                ids.TryAdd(alias, VulnerabilitySources.Of(alias));
            }

            if (finding.AdvisoryId is { Length: > 0 } advisory && advisory != id)
            {
                // The advisory's publisher is known from the record; its id's form only guesses it.
                ids[advisory] = finding.AdvisorySource is { } source ? new VulnerabilitySource(source, null) : VulnerabilitySources.Of(advisory);
            }
        }

        if (ids.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("references");
        foreach (var (alias, source) in ids)
        {
            writer.WriteStartObject();
            writer.WriteString("id", alias);
            Source(writer, "source", source);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void Ratings(Utf8JsonWriter writer, List<ScanFinding> findings)
    {
        var ratings = findings.SelectMany(RatingsOf).Distinct().ToList();
        if (ratings.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("ratings");
        foreach (var rating in ratings)
        {
            writer.WriteStartObject();
            if (rating.Source is not null)
            {
                Source(writer, "source", new VulnerabilitySource(rating.Source, null));
            }

            if (rating.Score is { } score)
            {
                writer.WriteNumber("score", Math.Round(score, 1));
            }

            writer.StringIfAny("severity", rating.Severity);
            writer.WriteString("method", rating.Method);
            writer.StringIfAny("vector", rating.Vector);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static IEnumerable<Rating> RatingsOf(ScanFinding finding)
    {
        var vendor = Severity(finding.Severity);
        string? cvssSeverity = null;
        if (finding.CvssVector is not null || finding.CvssScore is not null)
        {
            var version = CvssVersionOf(finding.CvssVector);
            cvssSeverity = finding.CvssScore is { } score && version is { } v ? Severity(CvssSeverityRating.Rate(v, score)) : null;
            yield return new Rating(finding.CvssSource, finding.CvssScore, cvssSeverity, Method(version), finding.CvssVector);
        }

        if (vendor is not null && vendor != cvssSeverity)
        {
            yield return new Rating(finding.SeveritySource, null, vendor, "other", null);
        }
    }

    private static CvssVersion? CvssVersionOf(string? vector) => vector switch
    {
        null => null,
        _ when vector.StartsWith("CVSS:4.0/", StringComparison.Ordinal) => CvssVersion.V40,
        _ when vector.StartsWith("CVSS:3.1/", StringComparison.Ordinal) => CvssVersion.V31,
        _ when vector.StartsWith("CVSS:3.0/", StringComparison.Ordinal) => CvssVersion.V30,
        _ when vector.StartsWith("AV:", StringComparison.Ordinal) => CvssVersion.V2,
        _ => null,
    };

    private static string Method(CvssVersion? version) => version switch
    {
        CvssVersion.V40 => "CVSSv4",
        CvssVersion.V31 => "CVSSv31",
        CvssVersion.V30 => "CVSSv3",
        CvssVersion.V2 => "CVSSv2",
        _ => "other",
    };

    private static string Severity(CvssSeverity severity) => severity switch
    {
        CvssSeverity.Critical => "critical",
        CvssSeverity.High => "high",
        CvssSeverity.Medium => "medium",
        CvssSeverity.Low => "low",
        _ => "none",
    };

    /// <summary>Tether's scale in CycloneDX words; NEGLIGIBLE (Debian's "unimportant", a CVSS 0.0) is <c>info</c>.</summary>
    private static string? Severity(string? scale) => SeverityScale.Normalize(scale) switch
    {
        null => null,
        SeverityScale.Critical => "critical",
        SeverityScale.High => "high",
        SeverityScale.Medium => "medium",
        SeverityScale.Low => "low",
        SeverityScale.Negligible => "info",
        _ => "unknown",
    };

    private static void Source(Utf8JsonWriter writer, string property, VulnerabilitySource source)
    {
        writer.WriteStartObject(property);
        writer.WriteString("name", source.Name);
        writer.StringIfAny("url", source.Url);
        writer.WriteEndObject();
    }
}
