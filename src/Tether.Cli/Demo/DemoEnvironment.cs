using Tether.Cloud;
using Tether.Core.Graph;
using Tether.Kubernetes;
using Tether.Pipeline.CiReport;
using Tether.Pipeline.CiReport.Collect;
using Tether.Pipeline.CiReport.Parse;
using Tether.Pipeline.Collect;
using Tether.Pipeline.Provenance;
using Tether.Registry.Sync;
using Tether.Vulnerabilities.Reports;

namespace Tether.Cli.Demo;

/// <summary>
/// Reads the bundled demo (samples/demo, see its README) through the same parsers and normalizers real
/// data goes through, producing one batch per source. Nothing is stored here: all files are parsed first.
/// </summary>
internal static class DemoEnvironment
{
    public const string Registry = "acrcontoso.azurecr.io";
    public const string HeadlineVulnerability = "CVE-2024-6119";
    public static readonly IReadOnlyList<string> Images = [$"{Registry}/payments-api:1.8.0", $"{Registry}/internal-reports:2.3.1"];

    public sealed record Step(string Name, GraphBatch Batch);

    public static string LocateSamples()
    {
        var bundled = Path.Combine(AppContext.BaseDirectory, "samples", "demo");
        return Directory.Exists(bundled)
            ? bundled
            : throw new DirectoryNotFoundException($"{bundled}: the demo's sample data is missing from this installation.");
    }

    public static async Task<IReadOnlyList<Step>> ReadAsync(string samples, TimeProvider time, CancellationToken cancellationToken)
    {
        var steps = new List<Step>();
        var provenance = new ProvenanceReader();
        foreach (var repository in new[] { "payments-api", "internal-reports" })
        {
            var synced = await OciLayoutSync.SyncAsync(Path.Combine(samples, "registry", repository), Registry, repository, time, provenance, null, cancellationToken).ConfigureAwait(false);
            steps.Add(new Step($"registry sync {Registry}/{repository} ({synced.Tags.Count} tags, {synced.Images} images)", synced.Batch));
        }

        steps.Add(new Step("ci report of contoso/payments-api run #42 (GitHub Actions)", await ReplayCiStepAsync(Path.Combine(samples, "ci"), time, cancellationToken).ConfigureAwait(false)));
        steps.Add(new Step("provenance for internal-reports (in-toto SLSA v1)", await ProvenanceIngest.ToBatchAsync(Path.Combine(samples, "provenance", "internal-reports.intoto.json"), time.GetUtcNow(), cancellationToken).ConfigureAwait(false)));
        foreach (var report in Directory.GetFiles(Path.Combine(samples, "reports"), "*.trivy.json").Order(StringComparer.Ordinal))
        {
            var bytes = await File.ReadAllBytesAsync(report, cancellationToken).ConfigureAwait(false);
            steps.Add(new Step($"trivy report {Path.GetFileName(report)}", ScannerReports.ToGraphBatch(bytes, report, null, time.GetUtcNow())));
        }

        foreach (var cluster in new[] { "aks-prod-weu", "aks-test-weu" })
        {
            var import = await KubernetesFiles.ReadAsync(cluster, [Path.Combine(samples, "kubernetes", cluster + ".json")], time, snapshot: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            steps.Add(new Step($"kubernetes cluster {cluster} ({import.ObjectsByKind.GetValueOrDefault("Pod")} pods)", import.Batch));
        }

        var cloud = await CloudFiles.ReadAsync([Path.Combine(samples, "cloud", "contoso-azure.json")], time, cancellationToken: cancellationToken).ConfigureAwait(false);
        steps.Add(new Step($"cloud inventory contoso-azure.json ({cloud.Identities} identities, {cloud.Resources} resources)", cloud.Batch));
        return steps;
    }

    /// <summary>
    /// Replays the payments-api build's `tether ci report` step from the runner's recorded environment,
    /// with the paths a runner would have pointed at the bundled checkout.
    /// </summary>
    private static async Task<GraphBatch> ReplayCiStepAsync(string ci, TimeProvider time, CancellationToken cancellationToken)
    {
        var envPath = Path.Combine(ci, "github-actions.env");
        var environment = new Dictionary<string, string>(
            EnvironmentDump.Parse(await BoundedFile.ReadAsync(envPath, envPath, EnvironmentDump.MaxBytes, cancellationToken).ConfigureAwait(false), envPath),
            StringComparer.Ordinal)
        {
            ["GITHUB_EVENT_PATH"] = Path.Combine(ci, "event.json"),
            ["GITHUB_WORKSPACE"] = ci,
        };
        var request = new CiReportRequest
        {
            MetadataFiles = [Path.Combine(ci, "build-metadata.json")],
            Dockerfile = Path.Combine(ci, "Dockerfile"),
            Context = ci,
        };
        var collection = await CiReportCollector.CollectAsync(request, environment, ci, cancellationToken).ConfigureAwait(false);
        var payload = CiReportBuilder.Build(collection.Inputs, time.GetUtcNow());
        return CiReportIngest.ToBatch(Tether.Pipeline.CiReport.Payload.CiReportJson.Serialize(payload), envPath, time.GetUtcNow());
    }
}
