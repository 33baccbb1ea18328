using System.Text.Json;
using Tether.Core.Errors;

namespace Tether.Vulnerabilities.Reports.Parse;

/// <summary>
/// A JSON value with the path that reached it, so every error names the file and the field
/// (<c>Results[0].Vulnerabilities[3].VulnerabilityID</c>). Arrays and maps are read with a count limit:
/// a report is untrusted input. The path is a chain of small nodes turned into text only for an error,
/// because a large report has millions of fields and nearly all of them are fine.
/// </summary>
internal readonly record struct ReportElement
{
    private readonly FieldPath? _path;
    private readonly Dictionary<string, JsonElement>? _members;

    private ReportElement(JsonElement value, FieldPath? path, string source, Dictionary<string, JsonElement>? members = null)
    {
        Value = value;
        _path = path;
        Source = source;
        _members = members;
    }

    public JsonElement Value { get; }

    public string Source { get; }

    public string Path => _path?.ToString() ?? "";

    public static ReportElement Root(JsonElement value, string source) => new(value, null, source);

    public JsonValueKind Kind => Value.ValueKind;

    public InputException Error(string message) => new(Source, _path?.ToString(), message);

    /// <summary>
    /// The same object with its members indexed once. JsonDocument finds a property by scanning the object,
    /// so an object read field by field (a vulnerability entry: twenty-odd lookups) is indexed first.
    /// </summary>
    public ReportElement Indexed()
    {
        RequireObject();
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in Value.EnumerateObject())
        {
            members[member.Name] = member.Value; // the last duplicate wins, as with TryGetProperty
        }

        return new ReportElement(Value, _path, Source, members);
    }

    public ReportElement? Property(string name) =>
        TryGet(name, out var child) && child.ValueKind != JsonValueKind.Null
            ? new ReportElement(child, new FieldPath(_path, name, -1), Source)
            : null;

    public bool Has(string name) => Value.ValueKind == JsonValueKind.Object && TryGet(name, out _);

    public ReportElement? Object(string name)
    {
        var child = Property(name);
        return child is { Kind: not JsonValueKind.Object } wrong
            ? throw wrong.Error($"must be an object, not {Describe(wrong.Kind)}.")
            : child;
    }

    public ReportElement RequiredObject(string name) =>
        Object(name) ?? throw Missing(name);

    public string? String(string name)
    {
        if (!TryGetLeaf(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Property(name)!.Value.Error($"must be a string, not {Describe(value.ValueKind)}.");
    }

    /// <summary>A string that must be present and not empty.</summary>
    public string RequiredString(string name)
    {
        var value = String(name);
        return string.IsNullOrEmpty(value) ? throw Missing(name) : value;
    }

    /// <summary>A string that is treated as absent when empty (Go writes empty strings for unset fields).</summary>
    public string? NonEmptyString(string name)
    {
        var value = String(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public double? Number(string name)
    {
        if (!TryGetLeaf(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw Property(name)!.Value.Error($"must be a number, not {Describe(value.ValueKind)}.");
    }

    public long? Integer(string name)
    {
        if (!TryGetLeaf(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw Property(name)!.Value.Error($"must be an integer, not {Describe(value.ValueKind)}.");
    }

    /// <summary>The items of an optional array (absent or null is empty), at most <paramref name="max"/>.</summary>
    public IEnumerable<ReportElement> Array(string name, int max)
    {
        var child = Property(name);
        if (child is not { } array)
        {
            return [];
        }

        if (array.Kind != JsonValueKind.Array)
        {
            throw array.Error($"must be an array, not {Describe(array.Kind)}.");
        }

        var count = array.Value.GetArrayLength();
        return count > max
            ? throw array.Error($"has {count} items, over the limit of {max}.")
            : array.Items();
    }

    /// <summary>The first item of an optional array, if any.</summary>
    public ReportElement? FirstItem(string name) =>
        Array(name, ReportLimits.MaxListItems).Select(item => (ReportElement?)item).FirstOrDefault();

    /// <summary>An optional array of strings; empty strings are dropped.</summary>
    public IReadOnlyList<string> Strings(string name, int max) =>
        [.. Array(name, max).Select(item => item.Kind == JsonValueKind.String
                ? item.Value.GetString()!
                : throw item.Error($"must be a string, not {Describe(item.Kind)}."))
            .Where(item => item.Length > 0)];

    /// <summary>The members of an object used as a map (Trivy's <c>CVSS</c>), at most <paramref name="max"/>.</summary>
    public IReadOnlyList<(string Name, ReportElement Value)> Members(int max)
    {
        RequireObject();
        var members = new List<(string, ReportElement)>();
        foreach (var member in Value.EnumerateObject())
        {
            if (members.Count == max)
            {
                throw Error($"has more than {max} members.");
            }

            members.Add((member.Name, new ReportElement(member.Value, new FieldPath(_path, member.Name, -1), Source)));
        }

        return members;
    }

    private IEnumerable<ReportElement> Items()
    {
        var index = 0;
        foreach (var item in Value.EnumerateArray())
        {
            yield return new ReportElement(item, new FieldPath(_path, null, index++), Source);
        }
    }

    private bool TryGetLeaf(string name, out JsonElement value) =>
        TryGet(name, out value) && value.ValueKind != JsonValueKind.Null;

    private bool TryGet(string name, out JsonElement value)
    {
        RequireObject();
        return _members is not null ? _members.TryGetValue(name, out value) : Value.TryGetProperty(name, out value);
    }

    private InputException Missing(string name) => new(Source, new FieldPath(_path, name, -1).ToString(), "is required.");

    private void RequireObject()
    {
        if (Value.ValueKind != JsonValueKind.Object)
        {
            throw Error($"must be an object, not {Describe(Value.ValueKind)}.");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    /// <summary>One step of a path: a property name, or an array index when the name is null.</summary>
    private sealed class FieldPath(FieldPath? parent, string? name, int index)
    {
        public override string ToString()
        {
            var prefix = parent?.ToString() ?? "";
            return name is null ? $"{prefix}[{index}]"
                : prefix.Length == 0 ? name
                : $"{prefix}.{name}";
        }
    }
}
