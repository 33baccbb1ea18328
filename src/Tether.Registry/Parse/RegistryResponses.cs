using System.Text.Json;
using Tether.Core.Errors;
using Tether.Core.Parsing;

namespace Tether.Registry.Parse;

/// <summary>A token endpoint's answer. <see cref="ExpiresIn"/> defaults to 60 s, as the Docker token spec says.</summary>
public sealed record TokenResponse(string Token, TimeSpan ExpiresIn, DateTimeOffset? IssuedAt)
{
    public override string ToString() => $"TokenResponse {{ ExpiresIn = {ExpiresIn} }}";
}

/// <summary>Parsers for the small JSON bodies of the distribution API: listings, token responses, error bodies.</summary>
public static class RegistryResponses
{
    /// <summary><c>GET /v2/_catalog</c>: <c>{"repositories": [...]}</c>.</summary>
    public static IReadOnlyList<string> ParseCatalog(ReadOnlyMemory<byte> bytes, string source, int maxBytes, int maxItems) =>
        ParseNames(bytes, source, "repositories", maxBytes, maxItems);

    /// <summary><c>GET /v2/NAME/tags/list</c>: <c>{"name": ..., "tags": [...]}</c>; a repository with no tags may send null.</summary>
    public static IReadOnlyList<string> ParseTags(ReadOnlyMemory<byte> bytes, string source, int maxBytes, int maxItems) =>
        ParseNames(bytes, source, "tags", maxBytes, maxItems);

    public static TokenResponse ParseToken(ReadOnlyMemory<byte> bytes, string source, int maxBytes)
    {
        using var document = BoundedJson.Parse(bytes, source, maxBytes);
        var root = JsonFields.RequireObject(document.RootElement, source, "$");

        // Docker's token servers send "token"; OAuth2 ones (and Docker Hub, alongside) send "access_token".
        var token = JsonFields.OptionalString(root, "token", source, "$");
        if (string.IsNullOrEmpty(token))
        {
            token = JsonFields.OptionalString(root, "access_token", source, "$");
        }

        if (string.IsNullOrEmpty(token))
        {
            throw new InputException(source, "$.token", "is required (neither 'token' nor 'access_token' is present).");
        }

        var expiresIn = JsonFields.OptionalLong(root, "expires_in", source, "$");
        var lifetime = expiresIn is > 0 ? TimeSpan.FromSeconds(Math.Min(expiresIn.Value, (long)TimeSpan.FromDays(365).TotalSeconds)) : TimeSpan.FromSeconds(60);
        return new TokenResponse(token, lifetime, JsonFields.OptionalTime(root, "issued_at", source, "$"));
    }

    /// <summary>
    /// The distribution error body (<c>{"errors":[{"code","message"}]}</c>) as one short line, or null when the
    /// body is not one. Never throws: it only enriches an error message.
    /// </summary>
    public static string? TryDescribeErrors(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || bytes.Length > 64 * 1024)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 16 });
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("errors", out var errors)
                || errors.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var parts = new List<string>();
            foreach (var error in errors.EnumerateArray().Take(3))
            {
                if (error.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                parts.Add(JsonFields.Clip(string.Join(" ", new[] { code, message }.Where(p => !string.IsNullOrEmpty(p)))));
            }

            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<string> ParseNames(ReadOnlyMemory<byte> bytes, string source, string field, int maxBytes, int maxItems)
    {
        using var document = BoundedJson.Parse(bytes, source, maxBytes);
        var root = JsonFields.RequireObject(document.RootElement, source, "$");
        var items = JsonFields.OptionalArray(root, field, source, "$", maxItems) ?? [];
        var names = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            names.Add(items[i].ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(items[i].GetString())
                ? items[i].GetString()!
                : throw new InputException(source, $"$.{field}[{i}]", $"must be a non-empty string, not {JsonFields.Describe(items[i])}."));
        }

        return names;
    }
}
