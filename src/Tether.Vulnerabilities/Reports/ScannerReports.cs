using Tether.Core.Graph;
using Tether.Vulnerabilities.Reports.Normalize;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Reports;

/// <summary>A report file's name and bytes, read by the caller (the CLI, the demo, the server).</summary>
public sealed record ReportFile(string Source, ReadOnlyMemory<byte> Content);

/// <summary>The batch to store and what each report contributed, with distinct totals over the batch.</summary>
public sealed record ReportImport(GraphBatch Batch, IReadOnlyList<ReportIngestResult> Reports)
{
    public int Vulnerabilities => Count(NodeKinds.Vulnerability);
    public int Findings => Count(NodeKinds.Finding);
    public int Images => Count(NodeKinds.Image);

    private int Count(string kind) => Batch.Nodes.Count(node => node.Kind == kind);
}

/// <summary>
/// Entry point for scanner reports (Trivy, Grype JSON): parse every file first, then build one batch, so bad
/// input stores nothing. Pure: no I/O, no clock (the caller passes the observation time).
/// </summary>
public static class ScannerReports
{
    /// <summary>One report's bytes to a batch ready for <see cref="IGraphStore.IngestAsync"/>.</summary>
    /// <param name="report">The report file's bytes.</param>
    /// <param name="source">The file name, used in errors.</param>
    /// <param name="image">Optional <c>REF@sha256:…</c> or <c>sha256:…</c>: the image the report is about, for reports without a digest (see <see cref="ImageDigestRules"/>).</param>
    /// <param name="observedAt">When the facts were observed (usually the ingest time).</param>
    /// <exception cref="Core.Errors.InputException">The report is malformed, not Trivy/Grype, or names no digest and <paramref name="image"/> is null.</exception>
    public static GraphBatch ToGraphBatch(ReadOnlyMemory<byte> report, string source, string? image, DateTimeOffset observedAt) =>
        Import([new ReportFile(source, report)], image, observedAt).Batch;

    /// <summary>Several reports into one batch; <paramref name="image"/> applies to every report.</summary>
    public static ReportImport Import(IReadOnlyList<ReportFile> files, string? image, DateTimeOffset observedAt)
    {
        ArgumentNullException.ThrowIfNull(files);
        var declared = image is null ? null : DeclaredImage.Parse(image);
        var reports = files.Select(file => ScannerReportParser.Parse(file.Content, file.Source)).ToList();

        var batch = new GraphBatch(ReportNormalizer.Collector, observedAt);
        var normalizer = new ReportNormalizer(batch);
        var results = reports.Select(report => normalizer.Add(report, declared)).ToList();
        return new ReportImport(batch, results);
    }
}
