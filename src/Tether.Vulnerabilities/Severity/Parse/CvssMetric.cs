namespace Tether.Vulnerabilities.Severity.Parse;

/// <summary>One metric of a CVSS version: its abbreviation, group and the abbreviated values it allows.</summary>
internal sealed class CvssMetric
{
    public CvssMetric(string name, CvssMetricGroup group, params string[] values)
    {
        Name = name;
        Group = group;
        Values = values;
    }

    public string Name { get; }

    public CvssMetricGroup Group { get; }

    /// <summary>Allowed values, case-sensitive as the specifications write them.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Base metrics are mandatory in every version; all others may be left out.</summary>
    public bool Mandatory => Group == CvssMetricGroup.Base;

    /// <summary>The allowed value equal to <paramref name="value"/> (the shared instance), or null.</summary>
    public string? Match(ReadOnlySpan<char> value)
    {
        foreach (var allowed in Values)
        {
            if (value.SequenceEqual(allowed))
            {
                return allowed;
            }
        }

        return null;
    }
}
