
namespace Tether.Core.Trace;

/// <summary>
/// Environment of a pod, read from labels/annotations (pod, then namespace, then cluster). The keys
/// and values recognized are listed here and in docs/priority.md; anything else is <c>unknown</c>.
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

    public static string? Normalize(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "prod" or "production" or "prd" or "live" => Production,
        "staging" or "stage" or "stg" or "preprod" or "pre-production" or "uat" => Staging,
        "test" or "testing" or "qa" or "tst" or "ci" => Test,
        "dev" or "development" or "sandbox" or "local" => Development,
        _ => null,
    };
}

/// <summary>Data classification of a pod, read from labels/annotations like the environment.</summary>
public static class DataClassifications
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "tether.dev/data-classification", "data-classification", "data.classification", "dataclassification", "data-sensitivity",
    ];

    private static readonly HashSet<string> Sensitive = new(StringComparer.OrdinalIgnoreCase)
    {
        "pii", "personal", "personal-data", "customer-data", "phi", "pci", "restricted", "confidential", "secret", "sensitive", "gdpr",
    };

    public static bool IsSensitive(string classification) => Sensitive.Contains(classification);
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
