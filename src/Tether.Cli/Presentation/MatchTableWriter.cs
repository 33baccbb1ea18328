using Spectre.Console;

namespace Tether.Cli.Presentation;

/// <summary>
/// The human view of <c>tether vuln match</c>: one row per (package, vulnerability), most severe first, then the
/// summary line. Every value from the SBOM or the database passes through <see cref="SafeText"/>.
/// </summary>
internal static class MatchTableWriter
{
    public static void Write(IAnsiConsole console, MatchReport report)
    {
        if (report.Findings.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("package").AddColumn("installed").AddColumn("ecosystem").AddColumn("vulnerability")
                .AddColumn("severity").AddColumn("fixed in").AddColumn("advisory");
            foreach (var finding in FindingSeverity.Sort(report.Findings))
            {
                table.AddRow(
                    new Text(SafeText.Of(finding.Package.Name)),
                    new Text(SafeText.Of(Installed(finding))),
                    new Text(SafeText.Of(finding.Package.Ecosystem)),
                    new Text(SafeText.Of(finding.Vulnerability.Id)),
                    new Text(Severity(finding.Vulnerability)),
                    new Text(SafeText.Of(finding.Match.Fixed ?? "no fix")),
                    new Text(SafeText.Of(finding.Advisory.Id)));
            }

            console.Write(table);
        }
        else
        {
            console.WriteLine("No vulnerabilities found.");
        }

        console.WriteLine(SafeText.Of(report.Summary()));
    }

    /// <summary>The installed version, and the source package when the advisory names that instead (<c>libssl3</c> as <c>openssl</c>).</summary>
    private static string Installed(VulnerabilityFinding finding) => finding.Match.OnSource
        ? $"{finding.Package.Version} (source {finding.Match.MatchedOn} {finding.Match.MatchedVersion})"
        : finding.Package.Version;

    private static string Severity(FindingVulnerability vulnerability) => vulnerability.Kev is null
        ? vulnerability.Severity
        : $"{vulnerability.Severity} (KEV)";
}
