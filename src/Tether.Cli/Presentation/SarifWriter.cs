using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Tether.Cli.Infrastructure;
using Tether.Vulnerabilities.Reports.Normalize;

namespace Tether.Cli.Presentation;

/// <summary>The analysis tool as SARIF names it (<c>tool.driver</c>).</summary>
public sealed record SarifTool(string Name, string Version, string InformationUri);

/// <summary>
/// Findings as SARIF 2.1.0 that GitHub code scanning accepts (docs.github.com "SARIF support for code scanning"): one rule
/// per vulnerability, with the required <c>shortDescription</c>, <c>fullDescription</c> and <c>help</c> texts and a
/// <c>security-severity</c> so alerts rank as security results; one result per finding and location, each with a
/// physical location and a region, since code scanning shows no result without one. Pure: findings in, JSON out.
/// </summary>
public static class SarifWriter
{
    public const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string SourceRootId = "%SRCROOT%";

    /// <summary>Results per run code scanning accepts; past it the upload is rejected, so the least severe are left out.</summary>
    public const int MaxResults = 25_000;

    /// <summary>Code scanning cuts descriptions at 1024 characters; cut them ourselves so the cut is visible.</summary>
    private const int DescriptionLimit = 1024;

    /// <param name="findings">The findings; each needs at least one location.</param>
    /// <param name="tool">Name, version and information URI of the tool.</param>
    /// <param name="sourceRoot">
    /// An absolute URI ending in <c>/</c> that relative locations are relative to (the working directory); written as
    /// <c>originalUriBaseIds</c>, as SARIF wants for relative URIs. Code scanning resolves them against the repository root.
    /// </param>
    /// <remarks>At most <see cref="MaxResults"/> results are written, the most severe first.</remarks>
    /// <exception cref="ArgumentException">A finding has no location.</exception>
    public static string Write(IReadOnlyList<VulnerabilityFinding> findings, SarifTool tool, string? sourceRoot = null)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(tool);
        if (findings.FirstOrDefault(f => f.Locations.Count == 0) is { } unlocated)
        {
            throw new ArgumentException($"{unlocated.Vulnerability.Id} in {unlocated.Package.Name}: a SARIF result needs a location.", nameof(findings));
        }

        // Code scanning rejects a run of more than 25,000 results: keep the most severe.
        var kept = FindingSeverity.Sort(findings)
            .SelectMany(f => f.Locations.Select(location => (Finding: f, Location: location)))
            .Take(MaxResults)
            .ToList();
        var byRule = kept.GroupBy(r => r.Finding.Vulnerability.Id, StringComparer.Ordinal).ToList();

        var rules = new JsonArray();
        var results = new JsonArray();
        for (var index = 0; index < byRule.Count; index++)
        {
            rules.Add(Rule([.. byRule[index].Select(r => r.Finding)]));
            foreach (var (finding, location) in byRule[index])
            {
                results.Add(Result(finding, index, location, sourceRoot is not null));
            }
        }

        var driver = new JsonObject
        {
            ["name"] = tool.Name,
            ["version"] = tool.Version,
            ["informationUri"] = tool.InformationUri,
            ["rules"] = rules,
        };
        var run = new JsonObject
        {
            ["tool"] = new JsonObject { ["driver"] = driver },
            ["results"] = results,
            // Regions count UTF-16 code units, as .NET strings do.
            ["columnKind"] = "utf16CodeUnits",
        };
        if (sourceRoot is not null)
        {
            run["originalUriBaseIds"] = new JsonObject
            {
                [SourceRootId] = new JsonObject { ["uri"] = sourceRoot },
            };
        }

        var log = new JsonObject
        {
            ["$schema"] = Schema,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(run),
        };
        return log.ToJsonString(JsonOutput.Options);
    }

    private static JsonObject Rule(IReadOnlyList<VulnerabilityFinding> findings)
    {
        var vulnerability = findings[0].Vulnerability;
        var severity = vulnerability.Severity;
        var packages = findings.Select(f => $"{f.Package.Name} {f.Package.Version}").Distinct(StringComparer.Ordinal).ToList();
        var properties = new JsonObject();
        if (SecuritySeverity(vulnerability) is { } score)
        {
            properties["security-severity"] = score;
        }

        // Matching compares exact versions with each ecosystem's ordering: a match is as precise as the advisory.
        properties["precision"] = "very-high";
        properties["tags"] = new JsonArray("security", "vulnerability", severity);
        return new JsonObject
        {
            ["id"] = vulnerability.Id,
            ["shortDescription"] = new JsonObject { ["text"] = Limit($"{vulnerability.Id} ({severity}) in {string.Join(", ", packages)}") },
            ["fullDescription"] = new JsonObject { ["text"] = Limit(vulnerability.Summary ?? $"{vulnerability.Id} affects {string.Join(", ", packages)}.") },
            ["helpUri"] = $"https://osv.dev/vulnerability/{Uri.EscapeDataString(vulnerability.Id)}",
            ["help"] = new JsonObject { ["text"] = HelpText(findings), ["markdown"] = HelpMarkdown(findings) },
            ["defaultConfiguration"] = new JsonObject { ["level"] = FindingSeverity.SarifLevel(severity) },
            ["properties"] = properties,
        };
    }

    /// <summary>
    /// The CVSS base score; without one, a score inside the band code scanning maps to the severity
    /// (critical over 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9), so a database's own rating still ranks the alert.
    /// NEGLIGIBLE and UNKNOWN get none: code scanning reads 0.0 as "no security severity".
    /// </summary>
    private static string? SecuritySeverity(FindingVulnerability vulnerability)
    {
        if (vulnerability.Cvss is { Score: > 0 } cvss)
        {
            return cvss.Score.ToString("0.0", CultureInfo.InvariantCulture);
        }

        return vulnerability.Severity switch
        {
            SeverityScale.Critical => "9.5",
            SeverityScale.High => "8.0",
            SeverityScale.Medium => "5.5",
            SeverityScale.Low => "2.0",
            _ => null,
        };
    }

    private static JsonObject Result(VulnerabilityFinding finding, int ruleIndex, FindingLocation location, bool relativeToRoot)
    {
        var artifact = new JsonObject { ["uri"] = location.Uri };
        if (relativeToRoot && !HasScheme(location.Uri))
        {
            artifact["uriBaseId"] = SourceRootId;
        }

        // Unknown position: the file's start, as a one-character-wide point code scanning accepts.
        var region = location.Region ?? new FindingRegion(1, 1, 1);
        return new JsonObject
        {
            ["ruleId"] = finding.Vulnerability.Id,
            ["ruleIndex"] = ruleIndex,
            ["level"] = FindingSeverity.SarifLevel(finding.Vulnerability.Severity),
            ["message"] = new JsonObject { ["text"] = Message(finding) },
            ["locations"] = new JsonArray(new JsonObject
            {
                ["physicalLocation"] = new JsonObject
                {
                    ["artifactLocation"] = artifact,
                    ["region"] = new JsonObject
                    {
                        ["startLine"] = region.StartLine,
                        ["startColumn"] = region.StartColumn,
                        ["endLine"] = region.StartLine,
                        ["endColumn"] = region.EndColumn,
                    },
                },
            }),
        };
    }

    /// <summary>Code scanning shows the first sentence as the alert's title: package, vulnerability and fix come first.</summary>
    private static string Message(VulnerabilityFinding finding)
    {
        var package = finding.Package;
        var match = finding.Match;
        var text = new StringBuilder($"{package.Name} {package.Version} is affected by {finding.Vulnerability.Id} ({finding.Vulnerability.Severity}); ");
        text.Append(match.Fixed is { } fix ? $"fixed in {fix}." : "no fixed version is known.");
        text.Append(CultureInfo.InvariantCulture, $" Ecosystem {package.Ecosystem}");
        if (match.OnSource)
        {
            text.Append(CultureInfo.InvariantCulture, $", matched on source package {match.MatchedOn} {match.MatchedVersion}");
        }

        text.Append(CultureInfo.InvariantCulture, $"; advisory {finding.Advisory.Id}: {match.Reason}.");
        return text.ToString();
    }

    private static string HelpText(IReadOnlyList<VulnerabilityFinding> findings)
    {
        var vulnerability = findings[0].Vulnerability;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Vulnerability {vulnerability.Id}\nSeverity: {SeverityLine(vulnerability)}\n");
        if (vulnerability.Summary is { } summary)
        {
            text.Append(CultureInfo.InvariantCulture, $"Summary: {summary}\n");
        }

        if (vulnerability.Aliases.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Aliases: {string.Join(", ", vulnerability.Aliases)}\n");
        }

        foreach (var line in ExploitLines(vulnerability))
        {
            text.Append(line).Append('\n');
        }

        foreach (var finding in Distinct(findings))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"Package: {finding.Package.Name} {finding.Package.Version} ({finding.Package.Ecosystem}) - fixed version: {finding.Match.Fixed ?? "none known"} - advisory {finding.Advisory.Id}\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string HelpMarkdown(IReadOnlyList<VulnerabilityFinding> findings)
    {
        var vulnerability = findings[0].Vulnerability;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"**{Md(vulnerability.Id)}** · {Md(SeverityLine(vulnerability))}\n\n");
        if (vulnerability.Summary is { } summary)
        {
            text.Append(Md(summary)).Append("\n\n");
        }

        if (vulnerability.Aliases.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Aliases: {Md(string.Join(", ", vulnerability.Aliases))}\n\n");
        }

        foreach (var line in ExploitLines(vulnerability))
        {
            text.Append(Md(line)).Append("\n\n");
        }

        text.Append("| Package | Ecosystem | Installed version | Fixed version | Advisory |\n| --- | --- | --- | --- | --- |\n");
        foreach (var finding in Distinct(findings))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {Md(finding.Package.Name)} | {Md(finding.Package.Ecosystem)} | {Md(finding.Package.Version)} | {Md(finding.Match.Fixed ?? "none known")} | {Md(finding.Advisory.Id)} |\n");
        }

        return text.ToString();
    }

    private static IEnumerable<VulnerabilityFinding> Distinct(IEnumerable<VulnerabilityFinding> findings) =>
        findings.DistinctBy(f => (f.Package.Ecosystem, f.Package.Name, f.Package.Version));

    private static string SeverityLine(FindingVulnerability vulnerability) => vulnerability.Cvss is { } cvss
        ? $"{vulnerability.Severity} (CVSS {cvss.Version} {cvss.Score.ToString("0.0", CultureInfo.InvariantCulture)}, {cvss.Vector})"
        : vulnerability.SeveritySource is { } source ? $"{vulnerability.Severity} ({source})" : vulnerability.Severity;

    private static IEnumerable<string> ExploitLines(FindingVulnerability vulnerability)
    {
        if (vulnerability.Kev is { } kev)
        {
            yield return $"Known exploited (CISA KEV), added {kev.DateAdded:yyyy-MM-dd}" +
                (kev.DueDate is { } due ? $", remediation due {due:yyyy-MM-dd}" : "") + ".";
        }

        if (vulnerability.Epss is { } epss)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"EPSS {epss.Epss:0.#####} (percentile {epss.Percentile:0.#####}).");
        }
    }

    private static string Limit(string text) => text.Length <= DescriptionLimit ? text : text[..(DescriptionLimit - 1)] + "…";

    /// <summary>Advisory text is untrusted: markdown's active characters are escaped so it renders as text.</summary>
    private static string Md(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in SafeText.Of(text))
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#' or '!')
            {
                escaped.Append('\\');
            }

            escaped.Append(c == '\n' ? ' ' : c);
        }

        return escaped.ToString();
    }

    /// <summary>True for an absolute URI (<c>file:///…</c>); relative paths have no scheme.</summary>
    private static bool HasScheme(string uri)
    {
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        var slash = uri.IndexOf('/', StringComparison.Ordinal);
        return colon > 0 && (slash < 0 || colon < slash);
    }
}
