using Tether.Core.Graph;
using Tether.Core.Identity;
using Tether.Pipeline.CiReport.Normalize;
using Tether.Pipeline.CiReport.Payload;
using Tether.Pipeline.Collect;

namespace Tether.Pipeline.CiReport;

/// <summary>
/// The one path from payload bytes to graph facts, used by <c>tether ci report</c> (local store),
/// <c>tether ingest ci-report</c> and the server's <c>POST /api/v1/ci-reports</c>.
/// </summary>
public static class CiReportIngest
{
    public const string Collector = "ci-report";

    /// <summary>Reads, validates and normalizes one payload into a new batch observed at <paramref name="observedAt"/>.</summary>
    public static GraphBatch ToBatch(ReadOnlyMemory<byte> payload, string source, DateTimeOffset observedAt)
    {
        var batch = new GraphBatch(Collector, observedAt);
        AddTo(payload, source, batch);
        return batch;
    }

    /// <summary>Reads a saved payload file (bounded) and normalizes it into a new batch.</summary>
    public static async Task<GraphBatch> ToBatchAsync(string path, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        var bytes = await BoundedFile.ReadAsync(path, path, CiReportJson.MaxBytes, cancellationToken).ConfigureAwait(false);
        return ToBatch(bytes, path, observedAt);
    }

    /// <summary>
    /// Reads, validates and normalizes one payload into <paramref name="batch"/>; throws
    /// <see cref="Core.Errors.InputException"/> before adding anything when the payload is malformed.
    /// </summary>
    public static CiReportPayload AddTo(ReadOnlyMemory<byte> payload, string source, GraphBatch batch)
    {
        var report = CiReportJson.Read(payload, source);
        CiReportNormalizer.Normalize(report, Digest.Sha256(payload.Span), batch);
        return report;
    }
}
