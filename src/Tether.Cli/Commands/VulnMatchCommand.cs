using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Spectre.Console;
using Tether.Cli.Infrastructure;
using Tether.Cli.Presentation;
using Tether.Core.Advisories;
using Tether.Core.Model;
using Tether.Pipeline.Collect;
using Tether.Vulnerabilities.Matching;
using Tether.Vulnerabilities.Sbom;
using Tether.Vulnerabilities.Sbom.Normalize;
using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether vuln match SBOM… [-o table|json|sarif] [--fail-on SEVERITY] [--only-fixed]</c>: matches the packages of
/// CycloneDX and SPDX JSON SBOMs against the local advisory database (<c>tether db import osv</c>), as
/// <c>grype sbom:FILE</c> does: no server, nothing stored. Every file is read and parsed before matching, so a bad one
/// fails the run (exit 2) without a partial report.
/// </summary>
public static class VulnMatchCommand
{
    /// <summary>The project's home, SARIF's <c>tool.driver.informationUri</c> (the domain the CI report schema is named under).</summary>
    public const string InformationUri = "https://tether.dev";

    private const int WarningsShown = 20;

    public static Command Create()
    {
        var files = new Argument<string[]>("SBOM")
        {
            Description = "CycloneDX JSON (1.4–1.7) or SPDX JSON (2.2, 2.3) SBOMs, e.g. `syft IMAGE -o cyclonedx-json`, `trivy image --format spdx-json`.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = CommonOptions.Output("table", "json", "sarif");
        var failOn = new Option<string?>("--fail-on")
        {
            Description = "Exit 1 when a match is at or above this severity: negligible, low, medium, high or critical " +
                "(a vulnerability of UNKNOWN severity never counts). The report is printed either way.",
        };
        failOn.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !FindingSeverity.Thresholds.Contains(value.ToUpperInvariant()))
            {
                result.AddError($"--fail-on must be one of {string.Join(", ", FindingSeverity.Thresholds.Select(t => t.ToLowerInvariant()))}.");
            }
        });
        var onlyFixed = new Option<bool>("--only-fixed") { Description = "Leave out matches for which the advisory names no fixed version." };
        var command = new Command(
            "match",
            "Match SBOMs against the local advisory database, without a server and without storing anything (like `grype sbom:FILE`). " +
            "Exit 1 when --fail-on is given and a match reaches that severity.")
        {
            files, output, failOn, onlyFixed,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var format = parse.GetValue(output)!;
            var sboms = new List<ReadSbom>();
            foreach (var path in parse.GetValue(files) ?? [])
            {
                var bytes = await BoundedFile.ReadAsync(path, path, SbomLimits.MaxSbomBytes, ct);
                // The text is needed again only to find regions for SARIF.
                sboms.Add(new ReadSbom(path, format == "sarif" ? bytes : null, Sboms.ReadPackages(bytes, path)));
            }

            var location = StoreLocation.Resolve(parse.GetValue(CommonOptions.Db));
            await using var store = await StoreLocation.OpenExistingAdvisoriesAsync(location, TimeProvider.System, ct);
            var report = await MatchAsync(store, sboms, parse.GetValue(onlyFixed), ct);

            foreach (var sbom in report.Sboms)
            {
                foreach (var note in sbom.Notes)
                {
                    Console.Error.WriteLine(SafeText.Of($"note: {sbom.File}: {note}"));
                }
            }

            if ((await store.ListEcosystemsAsync(ct)).Count == 0)
            {
                Console.Error.WriteLine($"warning: {StoreLocation.Display(location)} holds no advisories; run `tether db import osv PATH|URL` to match anything.");
            }

            PrintWarnings(report.Warnings);
            switch (format)
            {
                case "json":
                    Console.WriteLine(JsonSerializer.Serialize(MatchJson.View(report), JsonOutput.Options));
                    break;
                case "sarif":
                    Console.WriteLine(SarifWriter.Write(report.Findings, Tool(), SourceRoot()));
                    if (report.Findings.Sum(f => f.Locations.Count) is var results and > SarifWriter.MaxResults)
                    {
                        Console.Error.WriteLine(
                            $"warning: code scanning accepts at most {SarifWriter.MaxResults:N0} results per run: the {SarifWriter.MaxResults:N0} most severe of {results:N0} were written (-o json has all)");
                    }

                    break;
                default:
                    MatchTableWriter.Write(AnsiConsole.Console, report);
                    break;
            }

            return FailOn(report, parse.GetValue(failOn));
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// Matches every distinct package of the SBOMs once (the same package in two SBOMs or layers is one lookup), then
    /// spreads the findings back to the files each package is in.
    /// </summary>
    private static async Task<MatchReport> MatchAsync(IAdvisoryStore store, IReadOnlyList<ReadSbom> sboms, bool onlyFixed, CancellationToken ct)
    {
        var packages = new Dictionary<string, MatchablePackage>(StringComparer.Ordinal);
        var occurrences = new Dictionary<string, List<(ReadSbom Sbom, SbomPackage Package)>>(StringComparer.Ordinal);
        foreach (var sbom in sboms)
        {
            foreach (var package in sbom.List.Packages)
            {
                var key = PackageFacts.KeyOf(package.Ecosystem, package.Name, package.Version);
                packages.TryAdd(key, new MatchablePackage(key, package.Ecosystem, package.Name, package.Version)
                {
                    SourceName = package.SourceName,
                    SourceVersion = package.SourceVersion,
                });
                (occurrences.TryGetValue(key, out var list) ? list : occurrences[key] = []).Add((sbom, package));
            }
        }

        var outcome = await new PackageMatcher(store).MatchAsync([.. packages.Values], ct);
        var stored = await store.ListEcosystemsAsync(ct);
        var withoutAdvisories = packages.Values.GroupBy(p => p.Ecosystem, StringComparer.Ordinal)
            .Where(g => !AdvisoryNaming.AdvisoryEcosystems(g.Key, stored).Any())
            .Select(g => new EcosystemCount(g.Key, g.Count()))
            .OrderByDescending(e => e.Packages).ThenBy(e => e.Ecosystem, StringComparer.Ordinal)
            .ToList();

        // Regions (SARIF only: the bytes are kept then) of matched packages: one pass over each SBOM that has one.
        var matched = outcome.Matches.Select(m => m.Package.Key).ToHashSet(StringComparer.Ordinal);
        var regions = new Dictionary<ReadSbom, IReadOnlyDictionary<string, FindingRegion>>();
        foreach (var sbom in sboms)
        {
            if (sbom.Bytes is not null)
            {
                var purls = sbom.List.Packages.Where(p => matched.Contains(p.Key)).Select(p => p.Purl).ToHashSet(StringComparer.Ordinal);
                regions[sbom] = TextRegions.FindJsonStrings(sbom.Bytes, purls);
            }
        }

        var described = new Dictionary<string, (string?, IReadOnlyList<FindingLocation>)>(StringComparer.Ordinal);
        (string? Purl, IReadOnlyList<FindingLocation> Locations) Describe(string key)
        {
            if (!described.TryGetValue(key, out var description))
            {
                var seen = occurrences[key];
                described[key] = description = (seen[0].Package.Purl, [.. seen.DistinctBy(o => o.Sbom).Select(o => Locate(o.Sbom, o.Package))]);
            }

            return description;
        }

        FindingLocation Locate(ReadSbom sbom, SbomPackage package) => new(sbom.Path, RelativeUri(sbom.Path))
        {
            Region = regions.TryGetValue(sbom, out var found) ? found.GetValueOrDefault(package.Purl) : null,
        };

        var findings = await MatchFindings.BuildAsync(store, outcome.Matches, Describe, ct);
        var kept = onlyFixed ? [.. findings.Where(f => f.Match.Fixed is not null)] : findings;
        return new MatchReport(
            [.. sboms.Select(s => new MatchedSbom(s.Path, s.List.FormatName, s.List.Producer?.ToString(), s.List.Image, s.List.Packages.Count, s.List.Notes))],
            kept)
        {
            Packages = packages.Count,
            PackagesWithoutAdvisories = outcome.PackagesWithoutAdvisories,
            EcosystemsWithoutAdvisories = withoutAdvisories,
            UnfixedLeftOut = findings.Count - kept.Count,
            Warnings = [.. outcome.Warnings.OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).Select(w => new MatchWarning(w.Key, w.Value))],
        };
    }

    private static void PrintWarnings(IReadOnlyList<MatchWarning> warnings)
    {
        foreach (var warning in warnings.Take(WarningsShown))
        {
            Console.Error.WriteLine(SafeText.Of($"warning: {warning.Message}" + (warning.Count > 1 ? $" ({warning.Count.ToString(CultureInfo.InvariantCulture)} times)" : "")));
        }

        if (warnings.Count > WarningsShown)
        {
            Console.Error.WriteLine($"warning: … and {(warnings.Count - WarningsShown).ToString(CultureInfo.InvariantCulture)} more (-o json lists them all)");
        }
    }

    private static ExitCode FailOn(MatchReport report, string? threshold)
    {
        if (threshold is null)
        {
            return ExitCode.Ok;
        }

        var level = threshold.ToUpperInvariant();
        var reached = report.Findings.Count(f => FindingSeverity.Rank(f.Vulnerability.Severity) >= FindingSeverity.Rank(level));
        if (reached == 0)
        {
            return ExitCode.Ok;
        }

        Console.Error.WriteLine($"{reached.ToString(CultureInfo.InvariantCulture)} match(es) at or above {level} (--fail-on {threshold})");
        return ExitCode.Failure;
    }

    internal static SarifTool Tool()
    {
        var version = typeof(VulnMatchCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        // Build metadata (+commit) would make every build a new tool version to code scanning.
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return new SarifTool("tether", plus > 0 ? version[..plus] : version, InformationUri);
    }

    private static string SourceRoot() => new Uri(Path.TrimEndingDirectorySeparator(Environment.CurrentDirectory) + Path.DirectorySeparatorChar).AbsoluteUri;

    /// <summary>
    /// The file as a URI relative to the working directory (the repository root in CI), which code scanning resolves
    /// against the repository; a file outside it gets its absolute <c>file:</c> URI.
    /// </summary>
    private static string RelativeUri(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return new Uri(full).AbsoluteUri;
        }

        return string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));
    }

    /// <summary>An SBOM file as read and parsed, with its bytes when regions are wanted; compared by reference.</summary>
    private sealed class ReadSbom(string path, byte[]? bytes, SbomPackageList list)
    {
        public string Path { get; } = path;
        public byte[]? Bytes { get; } = bytes;
        public SbomPackageList List { get; } = list;
    }
}
