using Microsoft.Extensions.Caching.Memory;

namespace Tether.Server.Api;

/// <summary>
/// Trace answers as the JSON bytes sent, by target, cluster and the graph generation they were computed at: a second
/// request for the same trace while nothing was stored since costs a lookup instead of a trace (a vulnerability's trace
/// at 100k pods is ≈ 100 ms of CPU and megabytes of JSON). Any ingest moves the generation, so graph changes show at
/// once; advisory-only changes (KEV, EPSS) show within <see cref="MaxAge"/>, as the findings list does. Bounded in bytes.
/// </summary>
public sealed class TraceResponseCache : IDisposable
{
    /// <summary>How long an answer is served at most, for changes outside the graph (KEV and EPSS imports).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 64L * 1024 * 1024 });

    public bool TryGet(string target, string? cluster, long generation, out byte[] json) =>
        _cache.TryGetValue((target, cluster, generation), out json!);

    public void Add(string target, string? cluster, long generation, byte[] json) =>
        _cache.Set((target, cluster, generation), json, new MemoryCacheEntryOptions { Size = json.Length, AbsoluteExpirationRelativeToNow = MaxAge });

    public void Dispose() => _cache.Dispose();
}
