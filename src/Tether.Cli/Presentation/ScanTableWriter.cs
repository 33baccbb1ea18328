using System.Globalization;
using Spectre.Console;
using Tether.Scanner.Attribute;
using Tether.Scanner.Normalize;
using Tether.Vulnerabilities.Matching;

namespace Tether.Cli.Presentation;

/// <summary>
/// The human view of <c>tether scan</c>: the image and its OS, packages per ecosystem, then the findings, most severe
/// first, each with the layer (and its build step) that installed the package — where the fix has to happen.
/// </summary>
internal static class ScanTableWriter
{
    private const int StepWidth = 60;

    public static void Write(IAnsiConsole console, string target, ScanResult result, IReadOnlyList<VulnerabilityFinding> findings, RematchSummary? stored)
    {
        var image = result.Scan.Image;
        var cached = result.Scan.Layers.Count(l => l.FromCache);
        var os = result.Os is { } release ? $"{release.Id} {release.Version}" : "OS unknown";
        console.WriteLine(SafeText.Of($"{target} → {image.ManifestDigest} ({image.Config.Platform?.ToString() ?? "platform unknown"}) · {os} · " +
            $"{result.Scan.Layers.Count} layers ({cached} from cache)"));
        var ecosystems = result.Packages.GroupBy(p => p.Facts.Ecosystem).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count().ToString(CultureInfo.InvariantCulture)} {g.Key}");
        console.WriteLine(SafeText.Of($"packages: {result.Packages.Count} ({string.Join(", ", ecosystems)})"));

        var steps = ScanNormalizer.LayerHistory(image.Config);
        if (result.Attribution.BaseImage is { } baseImage)
        {
            var layers = baseImage.LayerCount is { } count ? $"layers 1–{count.ToString(CultureInfo.InvariantCulture)}" : "layers unknown";
            console.WriteLine(SafeText.Of($"base image: {baseImage.Name ?? baseImage.Digest ?? "unnamed"} ({layers}; {baseImage.Method} {baseImage.Confidence.ToString("0.##", CultureInfo.InvariantCulture)})"));
        }

        if (findings.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("severity").AddColumn("vulnerability").AddColumn("package").AddColumn("installed").AddColumn("fixed in").AddColumn("layer");
            foreach (var finding in FindingSeverity.Sort(findings))
            {
                var layer = result.LayerOf(finding.Package.Key) is { } index ? Layer(index, steps, result.Attribution) : "";
                table.AddRow(
                    new Text(finding.Vulnerability.Kev is null ? finding.Vulnerability.Severity : $"{finding.Vulnerability.Severity} (KEV)"),
                    new Text(SafeText.Of(finding.Vulnerability.Id)),
                    new Text(SafeText.Of(finding.Package.Name)),
                    new Text(SafeText.Of(finding.Package.Version)),
                    new Text(SafeText.Of(finding.Match.Fixed ?? "no fix")),
                    new Text(SafeText.Of(layer)));
            }

            console.Write(table);
        }

        var bySeverity = findings.GroupBy(f => f.Vulnerability.Severity).OrderByDescending(g => FindingSeverity.Rank(g.Key))
            .Select(g => $"{g.Count().ToString(CultureInfo.InvariantCulture)} {g.Key}");
        console.WriteLine(findings.Count == 0 ? "No vulnerabilities found." : $"{findings.Count} findings: {string.Join(", ", bySeverity)}");
        if (stored is not null)
        {
            console.WriteLine($"stored in the graph; {RematchText.Line(stored)} (`tether trace {result.ManifestDigest[..19]}` follows it to pods and source)");
        }
    }

    /// <summary><c>#2 RUN apt-get install …</c>: the layer's position and the build step that created it, shortened.</summary>
    private static string Layer(int index, IReadOnlyList<string?>? steps, ImageAttribution attribution)
    {
        // The Dockerfile line says more than the history step when a CI report gave the Dockerfile.
        if (index < attribution.Layers.Count && attribution.Layers[index].Dockerfile is { Line: { } line } dockerfile)
        {
            return $"#{(index + 1).ToString(CultureInfo.InvariantCulture)} {dockerfile.Path}:{line.ToString(CultureInfo.InvariantCulture)} {Short(dockerfile.Instruction ?? "")}";
        }

        var step = steps?[index] is { } text ? " " + Short(text) : "";
        step += index < attribution.Layers.Count && attribution.Layers[index].FromBaseImage == true ? " (base image)" : "";
        return $"#{(index + 1).ToString(CultureInfo.InvariantCulture)}{step}";
    }

    private static string Short(string step)
    {
        var text = step.Replace("/bin/sh -c ", "", StringComparison.Ordinal).Replace(" # buildkit", "", StringComparison.Ordinal).Trim();
        return text.Length <= StepWidth ? text : text[..(StepWidth - 1)] + "…";
    }
}
