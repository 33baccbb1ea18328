namespace Tether.Vulnerabilities.Severity.Parse;

/// <summary>A syntactically valid vector: every metric known, allowed, unique, mandatory ones present.</summary>
internal sealed class ParsedVector
{
    private readonly string?[] _values;

    public ParsedVector(string text, CvssMetricSet set, string?[] values, IReadOnlyList<int> given)
    {
        Text = text;
        Set = set;
        _values = values;
        Given = given;
    }

    /// <summary>The vector as read: surrounding whitespace and v2's NVD-style parentheses removed.</summary>
    public string Text { get; }

    public CvssMetricSet Set { get; }

    public CvssVersion Version => Set.Version;

    /// <summary>Indexes into <see cref="CvssMetricSet.Metrics"/> in the order the vector gave them.</summary>
    public IReadOnlyList<int> Given { get; }

    /// <summary>The value given for the metric at <paramref name="index"/> of <see cref="Set"/>, or null.</summary>
    public string? ValueAt(int index) => _values[index];

    /// <summary>The value given for <paramref name="metric"/>, or null when the vector leaves it out.</summary>
    public string? this[string metric] => Set.IndexOf(metric) is var i and >= 0 ? _values[i] : null;

    /// <summary>The value given, or <paramref name="notDefined"/> (X, ND) when left out.</summary>
    public string Get(string metric, string notDefined) => this[metric] ?? notDefined;

    /// <summary>Whether any metric of <paramref name="group"/> has a value other than Not Defined.</summary>
    public bool Defines(CvssMetricGroup group, string notDefined)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if (Set.Metrics[i].Group == group && _values[i] is { } value && value != notDefined)
            {
                return true;
            }
        }

        return false;
    }
}
