using System.Globalization;
using System.Text.Json;
using Tether.Core.Errors;
using Tether.Core.Identity;
using Tether.Core.Parsing;

namespace Tether.Registry.Parse;

/// <summary>
/// Typed, bounded reads of JSON properties for the registry parsers. Every failure is an
/// <see cref="InputException"/> naming the document and the JSON path of the field.
/// </summary>
internal static class JsonFields
{
    public static JsonElement RequireObject(JsonElement element, string source, string path) =>
        element.ValueKind == JsonValueKind.Object
            ? element
            : throw new InputException(source, path, $"must be an object, not {element.ValueKind}.");

    public static JsonElement? Optional(JsonElement obj, string name)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }

        return null;
    }

    public static string? OptionalString(JsonElement obj, string name, string source, string path) =>
        BoundedJson.OptionalString(obj, name, source, path);

    public static string RequiredString(JsonElement obj, string name, string source, string path) =>
        BoundedJson.RequiredString(obj, name, source, path);

    public static long? OptionalLong(JsonElement obj, string name, string source, string path)
    {
        if (Optional(obj, name) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new InputException(source, $"{path}.{name}", $"must be an integer, not {Describe(value)}.");
    }

    public static bool? OptionalBool(JsonElement obj, string name, string source, string path)
    {
        if (Optional(obj, name) is not { } value)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InputException(source, $"{path}.{name}", $"must be true or false, not {Describe(value)}."),
        };
    }

    public static string RequiredDigest(JsonElement obj, string name, string source, string path)
    {
        var text = RequiredString(obj, name, source, path);
        return Digest.TryParse(text, out var digest)
            ? digest
            : throw new InputException(source, $"{path}.{name}", $"'{Clip(text)}' is not a digest (sha256:<64 hex> or sha512:<128 hex>).");
    }

    /// <summary>An RFC 3339 time; Go's zero time (year 1) means "not set" and reads as null.</summary>
    public static DateTimeOffset? OptionalTime(JsonElement obj, string name, string source, string path)
    {
        var text = OptionalString(obj, name, source, path);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw new InputException(source, $"{path}.{name}", $"'{Clip(text)}' is not an RFC 3339 time.");
        }

        return time.Year <= 1 ? null : time;
    }

    /// <summary>A JSON object of string values (labels, annotations); null when absent.</summary>
    public static IReadOnlyDictionary<string, string>? OptionalStringMap(JsonElement obj, string name, string source, string path, int maxEntries)
    {
        if (Optional(obj, name) is not { } value)
        {
            return null;
        }

        var mapPath = $"{path}.{name}";
        RequireObject(value, source, mapPath);
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (map.Count >= maxEntries)
            {
                throw new InputException(source, mapPath, $"has more than {maxEntries} entries.");
            }

            map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw new InputException(source, $"{mapPath}.{property.Name}", $"must be a string, not {Describe(property.Value)}.");
        }

        return map;
    }

    /// <summary>The items of an array property with their index, refusing more than <paramref name="maxItems"/>.</summary>
    public static IReadOnlyList<JsonElement>? OptionalArray(JsonElement obj, string name, string source, string path, int maxItems)
    {
        if (Optional(obj, name) is not { } value)
        {
            return null;
        }

        var arrayPath = $"{path}.{name}";
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new InputException(source, arrayPath, $"must be an array, not {Describe(value)}.");
        }

        var length = value.GetArrayLength();
        if (length > maxItems)
        {
            throw new InputException(source, arrayPath, $"has {length} items; the limit is {maxItems}.");
        }

        return [.. value.EnumerateArray()];
    }

    public static IReadOnlyList<JsonElement> RequiredArray(JsonElement obj, string name, string source, string path, int maxItems) =>
        OptionalArray(obj, name, source, path, maxItems)
        ?? throw new InputException(source, $"{path}.{name}", "is required.");

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string '{Clip(value.GetString())}'",
        JsonValueKind.Number => $"the number {Clip(value.GetRawText())}",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    /// <summary>Keeps hostile values from flooding an error message.</summary>
    public static string Clip(string? text) =>
        text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";
}
