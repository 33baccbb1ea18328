namespace Tether.Vulnerabilities.Severity.Parse;

/// <summary>
/// The metrics one CVSS version defines, in the specification's order, and whether vectors must keep
/// that order.
/// </summary>
internal sealed class CvssMetricSet
{
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public CvssMetricSet(CvssVersion version, bool fixedOrder, params CvssMetric[] metrics)
    {
        Version = version;
        FixedOrder = fixedOrder;
        Metrics = metrics;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < metrics.Length; i++)
        {
            _index.Add(metrics[i].Name, i);
        }

        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public CvssVersion Version { get; }

    /// <summary>
    /// True when the specification fixes the metric order (v2's "predetermined order", v4.0 §7);
    /// v3.x readers "must accept metrics in any order".
    /// </summary>
    public bool FixedOrder { get; }

    public IReadOnlyList<CvssMetric> Metrics { get; }

    public int Count => Metrics.Count;

    /// <summary>Index of the metric called <paramref name="name"/> (case-sensitive), or -1.</summary>
    public int IndexOf(ReadOnlySpan<char> name) => _lookup.TryGetValue(name, out var i) ? i : -1;

    public int IndexOf(string name) => _index.GetValueOrDefault(name, -1);

    /// <summary>The metric whose name equals <paramref name="name"/> ignoring case, for "did you mean" hints.</summary>
    public CvssMetric? FindIgnoringCase(ReadOnlySpan<char> name)
    {
        foreach (var metric in Metrics)
        {
            if (name.Equals(metric.Name, StringComparison.OrdinalIgnoreCase))
            {
                return metric;
            }
        }

        return null;
    }
}
