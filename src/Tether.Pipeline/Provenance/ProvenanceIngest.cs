using Tether.Core.Graph;

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
}
