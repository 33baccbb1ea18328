namespace Tether.Core.Trace;

/// <summary>
/// The environment names and the label keys read by default (pod, then namespace, then cluster). Which values mean
/// which environment is <see cref="Risk.EnvironmentMapping"/>'s (defaults there, user mappings from <c>--config</c>).
/// </summary>
public static class Environments
{
    public const string Production = "production";
    public const string Staging = "staging";
    public const string Test = "test";
    public const string Development = "development";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> Keys =
    [
        "tether.dev/environment", "environment", "env", "app.kubernetes.io/environment", "tier.environment",
    ];
}

/// <summary>The label keys read by default for a pod's data classification; levels are <see cref="Risk.DataSensitivityMapping"/>'s.</summary>
public static class DataClassifications
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "tether.dev/data-classification", "data-classification", "data.classification", "dataclassification", "data-sensitivity",
    ];
}

/// <summary>Finds the first recognized label or annotation among several maps, most specific first.</summary>
internal static class LabelLookup
{
    public static (string Value, string Source)? Find(
        IReadOnlyList<string> keys,
        params (string Where, IReadOnlyDictionary<string, string>? Map)[] maps)
    {
        foreach (var (where, map) in maps)
        {
            if (map is null)
            {
                continue;
            }

            foreach (var key in keys)
            {
                if (map.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
                {
                    return (value, $"{where} {key}={value}");
                }
            }
        }

        return null;
    }
}
