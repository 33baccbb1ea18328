using System.Net;

namespace Tether.Registry.Client;

/// <summary>
/// Bounded exponential backoff for 429 and 5xx answers and network failures. A registry's <c>Retry-After</c>
/// is honored, but never beyond <see cref="MaxDelay"/> for one wait or <see cref="MaxTotalDelay"/> in all:
/// past those we give up with the registry's own status rather than hang a sync.
/// </summary>
public sealed record RetryPolicy
{
    public static readonly RetryPolicy Default = new();

    /// <summary>No retries (each request is tried once).</summary>
    public static readonly RetryPolicy None = new() { MaxAttempts = 1 };

    /// <summary>Tries per request, the first included.</summary>
    public int MaxAttempts { get; init; } = 4;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxTotalDelay { get; init; } = TimeSpan.FromSeconds(30);

    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// The wait before try <paramref name="nextAttempt"/> (2-based), or null to stop: out of attempts, or the
    /// wait (the registry's Retry-After when given) would exceed one of the bounds.
    /// </summary>
    public TimeSpan? DelayBefore(int nextAttempt, TimeSpan? retryAfter, TimeSpan waitedSoFar)
    {
        if (nextAttempt > MaxAttempts)
        {
            return null;
        }

        var exponential = BaseDelay * Math.Pow(2, nextAttempt - 2);
        var delay = retryAfter is { } asked && asked > TimeSpan.Zero ? asked : exponential;
        if (retryAfter is null && delay > MaxDelay)
        {
            delay = MaxDelay;
        }

        return delay > MaxDelay || waitedSoFar + delay > MaxTotalDelay ? null : delay;
    }
}
