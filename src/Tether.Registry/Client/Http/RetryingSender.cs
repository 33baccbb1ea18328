using System.Net;

namespace Tether.Registry.Client.Http;

/// <summary>
/// Sends one logical request, retrying 429/5xx answers and network failures per <see cref="RetryPolicy"/>.
/// Returns the last response (whatever its status) or throws the last network failure.
/// </summary>
internal static class RetryingSender
{
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient http,
        Func<CancellationToken, Task<HttpRequestMessage>> createRequest,
        RetryPolicy policy,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            using var request = await createRequest(cancellationToken).ConfigureAwait(false);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                var delay = policy.DelayBefore(attempt + 1, null, waited);
                if (delay is null)
                {
                    throw;
                }

                waited += delay.Value;
                await Task.Delay(delay.Value, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!RetryPolicy.IsRetryable(response.StatusCode))
            {
                return response;
            }

            var next = policy.DelayBefore(attempt + 1, RetryAfter(response, time), waited);
            if (next is null)
            {
                return response;
            }

            response.Dispose();
            waited += next.Value;
            await Task.Delay(next.Value, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>Retry-After</c> as seconds or an HTTP date; null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    public static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
