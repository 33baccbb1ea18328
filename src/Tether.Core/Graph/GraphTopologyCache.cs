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

    /// <summary>
    /// A topology that is current for the nodes of <paramref name="kinds"/> and the edges touching them: when nothing
    /// stored since the cached picture touched any of those kinds (a new advisory's matches, for a question about what
    /// runs where), the cached picture is returned as it is — asking the store which kinds changed costs one indexed
    /// query, bringing the picture up to date costs a pass over the whole graph. Otherwise as <see cref="GetAsync"/>.
    /// </summary>
    public async Task<GraphTopology> GetCurrentForAsync(IReadOnlyCollection<string> kinds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        Task<GraphTopology>? reading;
        lock (_gate)
        {
            reading = _reading;
        }

        if (reading is not { IsCompletedSuccessfully: true })
        {
            return await GetAsync(cancellationToken).ConfigureAwait(false);
        }

        var cached = reading.Result;
        var generation = await store.GetGenerationAsync(cancellationToken).ConfigureAwait(false);
        if (cached.Generation >= generation)
        {
            return cached;
        }

        var changed = await store.ChangedKindsAsync(cached.Generation, cancellationToken).ConfigureAwait(false);
        return kinds.Any(changed.Contains) ? await GetAsync(cancellationToken).ConfigureAwait(false) : cached;
    }
}
