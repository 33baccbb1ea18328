using System.Text.Json;
using Tether.Core.Errors;

namespace Tether.Vulnerabilities.Reports.Parse;

/// <summary>
/// A JSON value with the path that reached it, so every error names the file and the field
/// (<c>Results[0].Vulnerabilities[3].VulnerabilityID</c>). Arrays and maps are read with a count limit:
/// a report is untrusted input.
/// </summary>
internal readonly record struct ReportElement(JsonElement Value, string Path, string Source)
{
    public static ReportElement Root(JsonElement value, string source) => new(value, "", source);

    public JsonValueKind Kind => Value.ValueKind;

    public InputException Error(string message) => new(Source, Path.Length == 0 ? null : Path, message);

    public ReportElement? Property(string name)
    {
        RequireObject();
        return Value.TryGetProperty(name, out var child) && child.ValueKind != JsonValueKind.Null
            ? new ReportElement(child, Child(name), Source)
            : null;
    }

    public bool Has(string name) => Value.ValueKind == JsonValueKind.Object && Value.TryGetProperty(name, out _);

    public ReportElement? Object(string name)
    {
        var child = Property(name);
        return child is { Kind: not JsonValueKind.Object } wrong
            ? throw wrong.Error($"must be an object, not {Describe(wrong.Kind)}.")
            : child;
    }

    public ReportElement RequiredObject(string name) =>
        Object(name) ?? throw new InputException(Source, Child(name), "is required.");

    public string? String(string name)
    {
        var child = Property(name);
        return child is { } value
            ? value.Kind == JsonValueKind.String ? value.Value.GetString() : throw value.Error($"must be a string, not {Describe(value.Kind)}.")
            : null;
    }

    /// <summary>A string that must be present and not empty.</summary>
    public string RequiredString(string name)
    {
        var value = String(name);
        return string.IsNullOrEmpty(value) ? throw new InputException(Source, Child(name), "is required.") : value;
    }

    /// <summary>A string that is treated as absent when empty (Go writes empty strings for unset fields).</summary>
    public string? NonEmptyString(string name)
    {
        var value = String(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public double? Number(string name)
    {
        var child = Property(name);
        return child is { } value
            ? value.Kind == JsonValueKind.Number && value.Value.TryGetDouble(out var number) && double.IsFinite(number)
                ? number
                : throw value.Error($"must be a number, not {Describe(value.Kind)}.")
            : null;
    }

    public long? Integer(string name)
    {
        var child = Property(name);
        return child is { } value
            ? value.Kind == JsonValueKind.Number && value.Value.TryGetInt64(out var number)
                ? number
                : throw value.Error($"must be an integer, not {Describe(value.Kind)}.")
            : null;
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

            members.Add((member.Name, new ReportElement(member.Value, Child(member.Name), Source)));
        }

        return members;
    }

    private IEnumerable<ReportElement> Items()
    {
        var index = 0;
        foreach (var item in Value.EnumerateArray())
        {
            yield return new ReportElement(item, $"{Path}[{index++}]", Source);
        }
    }

    private void RequireObject()
    {
        if (Value.ValueKind != JsonValueKind.Object)
        {
            throw Error($"must be an object, not {Describe(Value.ValueKind)}.");
        }
    }

    private string Child(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

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
}
