namespace Tether.Core.Graph;

/// <summary>
/// The latest <see cref="GraphTopology"/> of one store, reloaded when the store's generation has moved on. One per
/// store for a long-running process (the server shares it between requests); a one-shot command makes its own.
/// Concurrent callers wait for a single reload rather than each reading the whole graph.
/// </summary>
public sealed class GraphTopologyCache(IGraphStore store, TopologyRequest? request = null) : IDisposable
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private GraphTopology? _current;

    public IGraphStore Store => store;

    /// <summary>The topology of the store as it is now: the cached one when nothing was stored since, else a fresh read.</summary>
    public async Task<GraphTopology> GetAsync(CancellationToken cancellationToken = default)
    {
        var generation = await store.GetGenerationAsync(cancellationToken).ConfigureAwait(false);
        if (Volatile.Read(ref _current) is { } cached && cached.Generation == generation)
        {
            return cached;
        }

        await _reload.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have reloaded while this one waited.
            if (_current is { } fresh && fresh.Generation >= generation)
            {
                return fresh;
            }

            var topology = await store.ReadTopologyAsync(request ?? TopologyRequest.Default, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, topology);
            return topology;
        }
        finally
        {
            _reload.Release();
        }
    }

    public void Dispose() => _reload.Dispose();
}
