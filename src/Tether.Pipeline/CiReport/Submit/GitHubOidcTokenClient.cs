using System.Net.Http.Headers;
using System.Text.Json;
using Tether.Core.Errors;

namespace Tether.Pipeline.CiReport.Submit;

/// <summary>
/// Gets a GitHub Actions OIDC token for the Tether server: <c>GET $ACTIONS_ID_TOKEN_REQUEST_URL&amp;audience=…</c>
/// with <c>Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN</c>; the answer is <c>{"value": "&lt;jwt&gt;"}</c>.
/// The job needs <c>permissions: id-token: write</c>, without which the two variables are not set.
/// </summary>
public sealed class GitHubOidcTokenClient(HttpClient http)
{
    public const string RequestUrlVariable = "ACTIONS_ID_TOKEN_REQUEST_URL";
    public const string RequestTokenVariable = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
    public const string DefaultAudience = "tether";

    public async Task<string> GetTokenAsync(IReadOnlyDictionary<string, string> environment, string audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.TryGetValue(RequestUrlVariable, out var requestUrl) || string.IsNullOrWhiteSpace(requestUrl)
            || !environment.TryGetValue(RequestTokenVariable, out var requestToken) || string.IsNullOrWhiteSpace(requestToken))
        {
            throw new InputException("environment", RequestUrlVariable,
                "is not set: --oidc works in GitHub Actions jobs with `permissions: id-token: write`.");
        }

        if (!Uri.TryCreate(requestUrl, UriKind.Absolute, out var baseUri))
        {
            throw new InputException("environment", RequestUrlVariable, "is not a URL.");
        }

        // The request URL already carries a query (api-version); the audience is one more parameter.
        var separator = string.IsNullOrEmpty(baseUri.Query) ? "?" : "&";
        var uri = new Uri(requestUrl + separator + "audience=" + Uri.EscapeDataString(audience));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", requestToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await HttpAnswers.ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The query string is shown without its values' secrets: GitHub's request URL carries none, the token is a header.
            throw new HttpRequestException(
                $"GitHub OIDC token request to {baseUri.GetLeftPart(UriPartial.Path)}: {(int)response.StatusCode} {response.ReasonPhrase}{HttpAnswers.Excerpt(body)}",
                null,
                response.StatusCode);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
                && value.GetString() is { Length: > 0 } token)
            {
                return token;
            }
        }
        catch (JsonException)
        {
            // Falls through to the error below: an answer we cannot use is a remote failure, not bad user input.
        }

        throw new HttpRequestException($"GitHub OIDC token request to {baseUri.GetLeftPart(UriPartial.Path)}: the answer has no \"value\" token.");
    }
}
