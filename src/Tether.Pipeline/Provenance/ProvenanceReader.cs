using Tether.Core.Graph;
using Tether.Pipeline.Provenance.Normalize;
using Tether.Pipeline.Provenance.Parse;

namespace Tether.Pipeline.Provenance;

/// <summary>
/// <see cref="IProvenanceReader"/> for in-toto statements, DSSE envelopes, Sigstore bundles and JSON Lines of them.
/// The whole input is parsed before anything is added, so a malformed line leaves the batch untouched.
/// </summary>
public sealed class ProvenanceReader : IProvenanceReader
{
    public void Read(ReadOnlyMemory<byte> document, string source, GraphBatch batch) => ReadDocuments(document, source, batch);

    /// <summary>As <see cref="Read"/>, returning what was read (skipped JSON Lines entries included) for reporting.</summary>
    public static IReadOnlyList<ProvenanceDocument> ReadDocuments(ReadOnlyMemory<byte> document, string source, GraphBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var documents = ProvenanceParser.Parse(document, source);
        foreach (var parsed in documents)
        {
            ProvenanceNormalizer.Normalize(parsed, batch);
        }

        return documents;
    }
}
