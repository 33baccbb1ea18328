namespace Tether.Core.Graph;

/// <summary>
/// The latest <see cref="GraphTopology"/> of one store, brought up to date (only what changed is read) when the store's
/// generation has moved on. One per
/// store for a long-running process (the server shares it between requests); a one-shot command makes its own.
/// Concurrent callers share one read rather than each reading the whole graph; the shared read is not cancelled by
/// any one caller (the others still want it), each caller only stops waiting for it.
/// </summary>
public sealed class GraphTopologyCache(IGraphStore store, TopologyRequest? request = null)
{
    private readonly Lock _gate = new();
    private Task<GraphTopology>? _reading;
    private long _readingFrom;

    public IGraphStore Store => store;

    /// <summary>The topology of the store as it is now: the cached one when nothing was stored since, else a fresh read.</summary>
    public async Task<GraphTopology> GetAsync(CancellationToken cancellationToken = default)
    {
        var generation = await store.GetGenerationAsync(cancellationToken).ConfigureAwait(false);
        Task<GraphTopology> reading;
        lock (_gate)
        {
            // A read started after this generation was reached serves (its snapshot is at least as new); a failed one
            // or one started before is replaced.
            if (_reading is null || _reading.IsFaulted || _reading.IsCanceled || _readingFrom < generation)
            {
                var previous = _reading is { IsCompletedSuccessfully: true } done ? done.Result : null;
                _reading = store.ReadTopologyAsync(request ?? TopologyRequest.Default, previous, CancellationToken.None);
                _readingFrom = generation;
            }

            reading = _reading;
        }

        return await reading.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
