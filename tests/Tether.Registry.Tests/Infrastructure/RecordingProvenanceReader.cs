using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Registry.Tests.Infrastructure;

/// <summary>
/// Stands in for the pipeline module's provenance reader (another team implements it): records each call and
/// adds one pipeline run so the test can see its facts land in the same batch.
/// </summary>
internal sealed class RecordingProvenanceReader : IProvenanceReader
{
    public List<(byte[] Document, string Source)> Calls { get; } = [];

    public void Read(ReadOnlyMemory<byte> document, string source, GraphBatch batch)
    {
        Calls.Add((document.ToArray(), source));
        batch.Add(new PipelineRunFacts("github-actions", "github.com/octocat/hello-world", "1536140711", 1));
    }
}
