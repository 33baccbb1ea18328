using System.Text.Json;
using Tether.Core.Graph;
using Tether.Core.Tests.Recommend;
using Tether.Core.Trace;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Core.Tests.Trace;

/// <summary>
/// The recommender resolves the chains of every running image a batch at a time, each batch with a reader of its own:
/// where the batches split must not change any chain, even when images of one batch share pods' namespaces, clusters,
/// services and CI runs with images of another.
/// </summary>
public sealed class ChainBatchTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private IGraphStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteGraphStore.OpenAsync(_dir.File("estate.db"), new ManualClock(Now));
        await _store.IngestAsync(RecommendationEstate.Build(Now, duplicates: true));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public async Task Chains_resolved_in_batches_are_the_chains_of_all_images_read_at_once(int batchSize)
    {
        var images = new List<StoredNode>();
        foreach (var digest in RecommendationEstate.AllDigests)
        {
            images.Add((await _store.FindNodeAsync(new NodeRef(NodeKinds.Image, digest)))!);
        }

        var engine = new TraceEngine(_store);
        var atOnce = await engine.ResolveChainsAsync(images, CancellationToken.None, images.Count);
        var batched = await engine.ResolveChainsAsync(images, CancellationToken.None, batchSize);

        Assert.Equal(13, atOnce.Count);
        Assert.Equal(RecommendationEstate.AllDigests, batched.Select(c => c.Image.Key));
        Assert.Equal(Traces(atOnce), Traces(batched));
        Assert.Equal(Enumerable.Range(0, images.Count).Select(i => RecommendationEstate.Pods(i)), batched.Select(c => c.BlastRadius.Pods));

        // Each chain is also what a trace of its image alone shows.
        for (var i = 0; i < images.Count; i++)
        {
            var alone = Assert.Single((await engine.TraceAsync(images[i].Key)).Images) with { FindingCount = 0 };
            Assert.Equal(JsonSerializer.Serialize(alone), Traces(batched)[i]);
        }
    }

    private static List<string> Traces(IReadOnlyList<TraceEngine.Chain> chains) =>
        [.. chains.Select(c => JsonSerializer.Serialize(c.ToImageTrace(0)))];
}
