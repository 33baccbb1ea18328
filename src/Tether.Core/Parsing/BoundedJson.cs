using System.Text.Json;
using Tether.Core.Errors;

namespace Tether.Core.Parsing;

/// <summary>
/// JSON parsing with limits for untrusted input: a size cap and a nesting cap, and errors that name
/// the input, line and byte position instead of a bare JsonException.
/// </summary>
public static class BoundedJson
{
    /// <summary>Default cap for one JSON document (manifests, statements, reports, kubectl lists).</summary>
    public const int DefaultMaxBytes = 256 * 1024 * 1024;

    public const int MaxDepth = 128;

    public static JsonDocument Parse(ReadOnlyMemory<byte> json, string source, int maxBytes = DefaultMaxBytes)
    {
        if (json.Length > maxBytes)
        {
            throw new InputException(source, null, $"{json.Length} bytes is over the {maxBytes}-byte limit for this kind of document.");
        }

        if (json.IsEmpty)
        {
            throw new InputException(source, null, "is empty.");
        }

        json = Utf8Text.ForJson(json, source);
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"line {line + 1}, byte {e.BytePositionInLine + 1}" : null;
            throw new InputException(source, where, "is not valid JSON: " + FirstSentence(e.Message), e);
        }
    }

    /// <summary>A required string property, with an error naming <paramref name="path"/> when missing or not a string.</summary>
    public static string RequiredString(JsonElement element, string name, string source, string path)
    {
        var value = OptionalString(element, name, source, path);
        return value ?? throw new InputException(source, $"{path}.{name}", "is required.");
    }

    /// <summary>An optional string property; present but not a string is an error.</summary>
    public static string? OptionalString(JsonElement element, string name, string source, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InputException(source, path, $"must be an object, not {element.ValueKind}.");
        }

        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InputException(source, $"{path}.{name}", $"must be a string, not {value.ValueKind}.");
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
