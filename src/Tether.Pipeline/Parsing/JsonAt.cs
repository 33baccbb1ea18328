using System.Globalization;
using System.Text.Json;
using Tether.Core.Errors;

namespace Tether.Pipeline.Parsing;

/// <summary>
/// A JSON element with the input it came from and its path, so every read can fail with an
/// <see cref="InputException"/> naming the file and the field.
/// </summary>
internal readonly record struct JsonAt(JsonElement Element, string Source, string Path)
{
    public JsonValueKind Kind => Element.ValueKind;

    public InputException Error(string message) => new(Source, Path, message);

    public InputException Error(string child, string message) => new(Source, $"{Path}.{child}", message);

    public JsonAt ExpectObject()
    {
        return Element.ValueKind == JsonValueKind.Object ? this : throw Error($"must be an object, not {Describe(Element)}.");
    }

    /// <summary>A property that must be present and an object.</summary>
    public JsonAt RequiredObject(string name) =>
        OptionalObject(name) ?? throw Error(name, "is required.");

    /// <summary>A property that may be absent or null, and otherwise must be an object.</summary>
    public JsonAt? OptionalObject(string name)
    {
        var child = Child(name);
        if (child is null)
        {
            return null;
        }

        return child.Value.Element.ValueKind == JsonValueKind.Object
            ? child
            : throw child.Value.Error($"must be an object, not {Describe(child.Value.Element)}.");
    }

    /// <summary>The items of an array property (absent or null: none), at most <paramref name="max"/> of them.</summary>
    public IReadOnlyList<JsonAt> Array(string name, int max)
    {
        var child = Child(name);
        if (child is null)
        {
            return [];
        }

        var array = child.Value;
        if (array.Element.ValueKind != JsonValueKind.Array)
        {
            throw array.Error($"must be an array, not {Describe(array.Element)}.");
        }

        var length = array.Element.GetArrayLength();
        if (length > max)
        {
            throw array.Error($"has {length} items; at most {max} are accepted.");
        }

        var items = new List<JsonAt>(length);
        var index = 0;
        foreach (var item in array.Element.EnumerateArray())
        {
            items.Add(new JsonAt(item, Source, $"{array.Path}[{index++}]"));
        }

        return items;
    }

    public string? String(string name)
    {
        var child = Child(name);
        if (child is null)
        {
            return null;
        }

        return child.Value.Element.ValueKind == JsonValueKind.String
            ? child.Value.Element.GetString()
            : throw child.Value.Error($"must be a string, not {Describe(child.Value.Element)}.");
    }

    public string RequiredString(string name)
    {
        var value = String(name);
        return string.IsNullOrEmpty(value) ? throw Error(name, "is required.") : value;
    }

    /// <summary>A string or a number written as text (Rekor log indexes and times come both ways).</summary>
    public string? StringOrNumber(string name)
    {
        var child = Child(name);
        if (child is null)
        {
            return null;
        }

        return child.Value.Element.ValueKind switch
        {
            JsonValueKind.String => child.Value.Element.GetString(),
            JsonValueKind.Number => child.Value.Element.GetRawText(),
            _ => throw child.Value.Error($"must be a string or a number, not {Describe(child.Value.Element)}."),
        };
    }

    public long? Int64(string name)
    {
        var child = Child(name);
        if (child is null)
        {
            return null;
        }

        var element = child.Value.Element;
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number))
        {
            return number;
        }

        if (element.ValueKind == JsonValueKind.String && long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw child.Value.Error($"must be an integer, not {Describe(element)}.");
    }

    /// <summary>String-valued members of an object property; other members are ignored (they are not ours to judge).</summary>
    public IReadOnlyDictionary<string, string> StringMap(string name, int max = 10_000)
    {
        var child = OptionalObject(name);
        if (child is null)
        {
            return new Dictionary<string, string>();
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in child.Value.Element.EnumerateObject())
        {
            if (map.Count >= max)
            {
                throw child.Value.Error($"has more than {max} members.");
            }

            if (member.Value.ValueKind == JsonValueKind.String)
            {
                map[member.Name] = member.Value.GetString()!;
            }
        }

        return map;
    }

    public JsonAt? Child(string name)
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            throw Error($"must be an object, not {Describe(Element)}.");
        }

        return Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? new JsonAt(value, Source, $"{Path}.{name}")
            : null;
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => element.ValueKind.ToString(),
    };
}
