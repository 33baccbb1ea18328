using Tether.Core.Risk;

namespace Tether.Core.Paths;

/// <summary>
/// The path score (0–100, docs/attack-paths.md): half the vulnerability's priority (which already weighs severity,
/// exploitation, environment, exposure and scale), plus what the attacker gets at the end — the resource's data
/// sensitivity and whether the permissions let them change it or only read it.
/// </summary>
public static class PathScoring
{
    /// <summary>
    /// Role or action names that allow writing, deleting, administering or reading secrets/keys: any name containing one of
    /// these (case-insensitive). A heuristic over names, shown as such; anything else counts as read access.
    /// </summary>
    public static readonly IReadOnlyList<string> StrongPermissionWords =
    [
        "owner", "contributor", "admin", "write", "put", "delete", "create", "update", "full", "*",
        "secret", "decrypt", "encrypt", "sign", "key vault crypto", "setiampolicy", "actas", "passrole",
    ];

    public static bool IsStrong(string permission)
    {
        ArgumentNullException.ThrowIfNull(permission);
        return StrongPermissionWords.Any(w => permission.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    public static (double Score, IReadOnlyList<PathScoreFactor> Factors) Score(double vulnerabilityPriority, string? sensitivityLevel, IReadOnlyList<string> permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        var factors = new List<PathScoreFactor>
        {
            new("vulnerability priority", $"{vulnerabilityPriority.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} / 2", Math.Round(vulnerabilityPriority / 2, 1)),
            sensitivityLevel switch
            {
                DataSensitivityMapping.High => new("resource sensitivity", "high", 30),
                DataSensitivityMapping.Medium => new("resource sensitivity", "medium", 15),
                DataSensitivityMapping.Low => new("resource sensitivity", "low", 5),
                _ => new("resource sensitivity", "unclassified", 5),
            },
        };
        var strong = permissions.Where(IsStrong).ToList();
        factors.Add(strong.Count > 0
            ? new("permission", "write/admin/secrets: " + string.Join(", ", strong), 20)
            : new("permission", "read: " + string.Join(", ", permissions), 10));
        return (Math.Round(Math.Clamp(factors.Sum(f => f.Contribution), 0, 100), 1), factors);
    }
}
