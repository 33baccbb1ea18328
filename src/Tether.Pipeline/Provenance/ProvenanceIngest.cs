using Tether.Core.Graph;
using Tether.Pipeline.Collect;
using Tether.Pipeline.Provenance.Parse;

namespace Tether.Pipeline.Provenance;

/// <summary>Library entry: a provenance file's bytes → a batch of facts ready for <see cref="IGraphStore.IngestAsync"/>.</summary>
public static class ProvenanceIngest
{
    public const string Collector = "provenance-file";

    public static GraphBatch ToBatch(ReadOnlyMemory<byte> document, string source, DateTimeOffset observedAt)
    {
        var batch = new GraphBatch(Collector, observedAt);
        ProvenanceReader.ReadDocuments(document, source, batch);
        return batch;
    }

    /// <summary>Reads a provenance file (bounded) into a new batch.</summary>
    public static async Task<GraphBatch> ToBatchAsync(string path, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        var bytes = await BoundedFile.ReadAsync(path, path, ProvenanceParser.MaxDocumentBytes, cancellationToken).ConfigureAwait(false);
        return ToBatch(bytes, path, observedAt);
    }
}
