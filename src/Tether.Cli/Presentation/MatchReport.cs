using System.Globalization;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Cli.Presentation;

/// <summary>
/// What <c>tether vuln match</c> read and found: the SBOMs, the distinct packages matched, the findings, what could not
/// be matched (packages of ecosystems the database has no advisories for) and the matcher's warnings.
/// </summary>
public sealed record MatchReport(IReadOnlyList<MatchedSbom> Sboms, IReadOnlyList<VulnerabilityFinding> Findings)
{
    /// <summary>Distinct packages (ecosystem, name, version) over every SBOM.</summary>
    public int Packages { get; init; }

    public int PackagesWithoutAdvisories { get; init; }

    /// <summary>Ecosystems of the SBOMs the database has no advisories for, with their package counts, most packages first.</summary>
    public IReadOnlyList<EcosystemCount> EcosystemsWithoutAdvisories { get; init; } = [];

    /// <summary>Matches left out by <c>--only-fixed</c> because no fixed version is known.</summary>
    public int UnfixedLeftOut { get; init; }

    public IReadOnlyList<MatchWarning> Warnings { get; init; } = [];

    /// <summary>
    /// One line: <c>42 packages in 1 SBOM: 3 matches (1 CRITICAL, 2 HIGH); 14 packages in ecosystems without
    /// advisories (Alpine:v3.10 14)</c>.
    /// </summary>
    public string Summary()
    {
        var bySeverity = Findings.GroupBy(f => f.Vulnerability.Severity, StringComparer.Ordinal)
            .OrderByDescending(g => FindingSeverity.Rank(g.Key))
            .Select(g => $"{Count(g.Count())} {g.Key}");
        var line = $"{Plural(Packages, "package")} in {Plural(Sboms.Count, "SBOM")}: {Plural(Findings.Count, "match", "matches")}";
        if (Findings.Count > 0)
        {
            line += $" ({string.Join(", ", bySeverity)})";
        }

        if (UnfixedLeftOut > 0)
        {
            line += $", {Count(UnfixedLeftOut)} without a fix left out (--only-fixed)";
        }

        if (PackagesWithoutAdvisories > 0)
        {
            line += $"; {Plural(PackagesWithoutAdvisories, "package")} in ecosystems without advisories (" +
                string.Join(", ", EcosystemsWithoutAdvisories.Select(e => $"{e.Ecosystem} {Count(e.Packages)}")) + ")";
        }

        return line;
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Plural(int n, string one, string? many = null) => $"{Count(n)} {(n == 1 ? one : many ?? one + "s")}";
}

/// <summary>An SBOM as read: file, format (<c>CycloneDX 1.5</c>, <c>SPDX-2.3</c>), producer, image, packages, and notes on what was not used.</summary>
public sealed record MatchedSbom(string File, string Format, string? Producer, ReportedImage Image, int Packages, IReadOnlyList<string> Notes);

public sealed record EcosystemCount(string Ecosystem, int Packages);

/// <summary>A matcher warning (an invalid version, an ecosystem without version ordering) and how many times it occurred.</summary>
public sealed record MatchWarning(string Message, int Count);
