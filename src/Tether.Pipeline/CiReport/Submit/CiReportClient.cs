using System.Net.Http.Headers;

namespace Tether.Pipeline.CiReport.Submit;

/// <summary>
/// Sends a payload to a Tether server: <c>POST {server}/api/v1/ci-reports</c>, JSON body, bearer token (a scoped
/// API token or a GitHub Actions OIDC token the server verifies). Failures are <see cref="HttpRequestException"/>s
/// with the status code and a short excerpt of the server's answer; the token is never part of a message.
/// </summary>
public sealed class CiReportClient(HttpClient http)
{
    public const string EndpointPath = "api/v1/ci-reports";
    public const string MediaType = "application/json";

    public static Uri EndpointFor(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var text = server.ToString();
        return new Uri(new Uri(text.EndsWith('/') ? text : text + "/"), EndpointPath);
    }

    /// <summary>Posts the payload; returns the server's response body (its summary of what it stored).</summary>
    public async Task<string> SubmitAsync(Uri server, string bearerToken, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bearerToken);
        var endpoint = EndpointFor(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ReadOnlyMemoryContent(payload),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await HttpAnswers.ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"POST {endpoint}: {(int)response.StatusCode} {response.ReasonPhrase}{HttpAnswers.Excerpt(body)}",
                null,
                response.StatusCode);
        }

        return body;
    }
}
