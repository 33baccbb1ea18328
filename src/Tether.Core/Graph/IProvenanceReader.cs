namespace Tether.Core.Graph;

/// <summary>
/// Reads one provenance document — an in-toto Statement, a DSSE envelope or a Sigstore bundle — into
/// graph facts (attestation, pipeline run, commit, repository and their links to the subject images).
/// Implemented by the pipeline module; the registry sync uses it for BuildKit attestation manifests,
/// `tether ingest provenance` for files.
/// </summary>
public interface IProvenanceReader
{
    /// <summary>
    /// Adds the document's facts to <paramref name="batch"/>. <paramref name="source"/> names the document
    /// for errors and evidence (file path, or registry/repo@digest). Throws
    /// <see cref="Errors.InputException"/> on malformed input, before adding anything.
    /// </summary>
    void Read(ReadOnlyMemory<byte> document, string source, GraphBatch batch);
}
