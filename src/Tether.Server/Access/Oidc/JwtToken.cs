using System.Buffers.Text;
using System.Text.Json;

namespace Tether.Server.Access.Oidc;

/// <summary>A compact JWS split and decoded, not yet verified. Parsing is bounded: a token is at most 16 KiB.</summary>
public sealed class JwtToken
{
    public const int MaxLength = 16 * 1024;

    private JwtToken(JsonElement header, JsonElement payload, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Payload = payload;
        SigningInput = signingInput;
        Signature = signature;
    }

    public JsonElement Header { get; }
    public JsonElement Payload { get; }
    public byte[] SigningInput { get; }
    public byte[] Signature { get; }

    /// <summary>The token, or null with <paramref name="error"/> when it is not a well-formed compact JWS.</summary>
    public static JwtToken? TryParse(string token, out string? error)
    {
        error = null;
        if (token.Length > MaxLength)
        {
            error = "token too long";
            return null;
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            error = "not a compact JWS";
            return null;
        }

        try
        {
            var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]), new JsonDocumentOptions { MaxDepth = 8 }).RootElement.Clone();
            var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]), new JsonDocumentOptions { MaxDepth = 8 }).RootElement.Clone();
            if (header.ValueKind != JsonValueKind.Object || payload.ValueKind != JsonValueKind.Object)
            {
                error = "header and payload must be JSON objects";
                return null;
            }

            return new JwtToken(header, payload, System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            error = "malformed token: " + e.GetType().Name;
            return null;
        }
    }

    public string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A NumericDate claim (seconds since the epoch), or null when absent or not a number.</summary>
    public DateTimeOffset? Time(string name) =>
        Payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            && seconds is > 0 and < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>The audience: a string or an array of strings.</summary>
    public IReadOnlyList<string> Audiences()
    {
        if (!Payload.TryGetProperty("aud", out var aud))
        {
            return [];
        }

        return aud.ValueKind switch
        {
            JsonValueKind.String => [aud.GetString()!],
            JsonValueKind.Array => [.. aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!)],
            _ => [],
        };
    }
}
