using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tether.Cli.Infrastructure;
using Tether.Pipeline.Collect;
using Tether.Vulnerabilities.Reports;
using Tether.Vulnerabilities.Reports.Normalize;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether ingest report FILE… [--image REF@DIGEST]</c>: stores the findings of Trivy and Grype JSON reports,
/// attached to the image by digest. Every file is read and parsed before anything is stored.
/// </summary>
public static class IngestReportCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Trivy (`trivy image --format json`) or Grype (`grype -o json`) report files.",
            Arity = ArgumentArity.OneOrMore,
        };
        var image = new Option<string?>("--image")
        {
            Description = "The image the reports are about, as REF@sha256:… or sha256:…. Required when a report names no " +
                "manifest or repository digest (e.g. Trivy scanning a tarball); overrides the report's digests otherwise.",
        };
        var output = CommonOptions.Output("table", "json");
        var command = new Command("report", "Store vulnerability findings from Trivy or Grype JSON reports, attached to the image by digest.")
        {
            files, image, output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var reportFiles = new List<ReportFile>();
            foreach (var path in parse.GetValue(files) ?? [])
            {
                reportFiles.Add(new ReportFile(path, await BoundedFile.ReadAsync(path, path, ReportLimits.MaxReportBytes, ct)));
            }

            var import = ScannerReports.Import(reportFiles, parse.GetValue(image), TimeProvider.System.GetUtcNow());
            await using var store = await StoreLocation.OpenAsync(parse.GetValue(CommonOptions.Db), TimeProvider.System, ct);
            await store.IngestAsync(import.Batch, ct);
            Print(import, parse.GetValue(output) == "json");
            return ExitCode.Ok;
        }, cancellationToken));
        return command;
    }

    private static void Print(ReportImport import, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                stored = new { vulnerabilities = import.Vulnerabilities, findings = import.Findings, images = import.Images, edges = import.Batch.Edges.Count },
                reports = import.Reports.Select(r => new
                {
                    file = r.Source,
                    reportedBy = r.ReportedBy,
                    document = r.DocumentDigest,
                    images = r.Images.Select(i => new { digest = i.Digest, role = i.Role, repositories = i.Repositories, confidence = i.Confidence }),
                    findings = r.Findings,
                    vulnerabilities = r.Vulnerabilities,
                    notes = r.Notes,
                }),
            }, JsonOutput.Options));
            return;
        }

        foreach (var report in import.Reports)
        {
            var images = string.Join(", ", report.Images.Select(Describe));
            Console.WriteLine($"{report.Source}: {report.ReportedBy}, {Count(report.Findings, "finding")} of {Count(report.Vulnerabilities, "vulnerability", "vulnerabilities")} -> {images}");
            foreach (var note in report.Notes)
            {
                Console.Error.WriteLine($"note: {report.Source}: {note}");
            }
        }

        Console.WriteLine(
            $"stored {Count(import.Vulnerabilities, "vulnerability", "vulnerabilities")}, {Count(import.Findings, "finding")}, " +
            $"{Count(import.Images, "image")} ({Count(import.Batch.Edges.Count, "edge")})");
    }

    private static string Count(int n, string one, string? many = null) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many ?? one + "s");

    private static string Describe(LinkedImage image)
    {
        var role = image.Role switch
        {
            ImageDigestRole.Manifest => "manifest",
            ImageDigestRole.Repository => "repository digest",
            _ => "declared by --image",
        };
        var where = image.Repositories.Count == 0 ? "" : " of " + string.Join(", ", image.Repositories);
        return $"{image.Digest} ({role}{where})";
    }
}
