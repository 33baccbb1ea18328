using System.Text.Json;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Sbom.Parse;

/// <summary>
/// Name/value pairs a producer attaches to a component: CycloneDX <c>properties[]</c> (<c>{name, value}</c>) or
/// Trivy's SPDX <c>annotations[].comment</c> / <c>attributionTexts[]</c> (<c>"Name: value"</c>). A name may repeat
/// (Trivy lists one <c>DiffID</c> per layer). Each value keeps the element it came from, for error messages.
/// </summary>
internal sealed class PropertyBag
{
    private readonly Dictionary<string, List<(string Value, ReportElement Where)>> _values = new(StringComparer.Ordinal);

    public static readonly PropertyBag Empty = new();

    /// <summary>CycloneDX <c>properties</c>: an array of <c>{name, value}</c>; entries without a value carry nothing.</summary>
    public static PropertyBag FromCycloneDx(ReportElement component)
    {
        var bag = new PropertyBag();
        foreach (var property in component.Array("properties", SbomLimits.MaxListItems))
        {
            if (property.Kind != JsonValueKind.Object)
            {
                throw property.Error("must be an object {name, value}.");
            }

            var name = property.RequiredString("name");
            if (property.NonEmptyString("value") is { } value)
            {
                bag.Add(name, value, property);
            }
        }

        return bag;
    }

    /// <summary>Trivy's SPDX encoding: <c>"Name: value"</c> strings; anything else (free text) is skipped.</summary>
    public static PropertyBag FromColonTexts(IEnumerable<(string Text, ReportElement Where)> texts)
    {
        var bag = new PropertyBag();
        foreach (var (text, where) in texts)
        {
            var colon = text.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0 && colon + 2 < text.Length)
            {
                bag.Add(text[..colon], text[(colon + 2)..], where);
            }
        }

        return bag;
    }

    public int Count => _values.Count;

    public string? First(string name) => _values.TryGetValue(name, out var values) ? values[0].Value : null;

    public (string Value, ReportElement Where)? FirstWithSource(string name) =>
        _values.TryGetValue(name, out var values) ? values[0] : null;

    public IReadOnlyList<(string Value, ReportElement Where)> All(string name) =>
        _values.TryGetValue(name, out var values) ? values : [];

    public IEnumerable<string> Names => _values.Keys;

    private void Add(string name, string value, ReportElement where)
    {
        if (!_values.TryGetValue(name, out var values))
        {
            _values[name] = values = [];
        }

        values.Add((value, where));
    }
}
