using Microsoft.Extensions.Logging.Abstractions;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Tether.Web.Data;
using Xunit;

namespace Tether.Web.Tests;

/// <summary>The overview is read once, then served from memory; when it is old, the last one is served while one read replaces it.</summary>
public sealed class OverviewReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task An_old_overview_is_served_at_once_and_replaced_in_the_background()
    {
        await using var graph = await SqliteGraphStore.OpenAsync(_dir.File("o.db"), _clock);
        await using var advisories = await SqliteAdvisoryStore.OpenAsync(_dir.File("o.db"), _clock);
        await IngestPodAsync(graph, "api-1");
        var reader = new OverviewReader(graph, advisories, _clock, NullLogger<OverviewReader>.Instance);
        var first = await reader.ReadAsync(CancellationToken.None);
        Assert.Equal(1, Assert.Single(first.Clusters).Pods);

        // A new pod: not seen while the overview is young, then served old once while it is read again.
        await IngestPodAsync(graph, "api-2");
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Same(first, await reader.ReadAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Same(first, await reader.ReadAsync(CancellationToken.None));
        var fresh = first;
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); ReferenceEquals(fresh, first) && wait.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(20))
        {
            fresh = await reader.ReadAsync(CancellationToken.None);
        }

        Assert.Equal(2, Assert.Single(fresh.Clusters).Pods);
        Assert.Equal(_clock.GetUtcNow(), fresh.ReadAt);
    }

    private async Task IngestPodAsync(IGraphStore graph, string name)
    {
        var batch = new GraphBatch("test", _clock.GetUtcNow());
        batch.Add(new ClusterFacts("dev"));
        batch.Add(new PodFacts("dev", "default", name) { Phase = "Running" });
        await graph.IngestAsync(batch);
    }

    public void Dispose() => _dir.Dispose();
}
