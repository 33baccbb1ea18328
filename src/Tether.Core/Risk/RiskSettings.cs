using Tether.Core.Model;
using Tether.Core.Trace;

namespace Tether.Core.Risk;

/// <summary>
/// What the user maps (docs/priority.md, "Configuration"): which labels say the environment and the data
/// classification, and the weight of each priority factor. <see cref="Default"/> is the built-in rules; a config file
/// (<c>--config</c>) replaces the parts it names. Passed to <see cref="TraceEngine"/> and the attack path finder.
/// </summary>
public sealed record RiskSettings
{
    public static RiskSettings Default { get; } = new();

    public EnvironmentMapping Environments { get; init; } = EnvironmentMapping.Default;
    public DataSensitivityMapping Data { get; init; } = DataSensitivityMapping.Default;
    public PriorityWeights Weights { get; init; } = PriorityWeights.Default;
}

/// <summary>
/// Environment of a pod: the first of <see cref="Keys"/> found on the pod's labels, its annotations, the namespace's
/// labels and annotations, then the cluster's labels; its value mapped through <see cref="Values"/>. Failing that, the
/// first of <see cref="Clusters"/> whose pattern matches the cluster name.
/// </summary>
public sealed record EnvironmentMapping(
    IReadOnlyList<string> Keys,
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyList<ClusterPattern> Clusters)
{
    public static readonly IReadOnlyList<string> Names =
        [Trace.Environments.Production, Trace.Environments.Staging, Trace.Environments.Test, Trace.Environments.Development];

    public static EnvironmentMapping Default { get; } = new(
        Trace.Environments.Keys,
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["prod"] = Trace.Environments.Production, ["production"] = Trace.Environments.Production, ["prd"] = Trace.Environments.Production, ["live"] = Trace.Environments.Production,
            ["staging"] = Trace.Environments.Staging, ["stage"] = Trace.Environments.Staging, ["stg"] = Trace.Environments.Staging, ["preprod"] = Trace.Environments.Staging,
            ["pre-production"] = Trace.Environments.Staging, ["uat"] = Trace.Environments.Staging,
            ["test"] = Trace.Environments.Test, ["testing"] = Trace.Environments.Test, ["qa"] = Trace.Environments.Test, ["tst"] = Trace.Environments.Test, ["ci"] = Trace.Environments.Test,
            ["dev"] = Trace.Environments.Development, ["development"] = Trace.Environments.Development, ["sandbox"] = Trace.Environments.Development, ["local"] = Trace.Environments.Development,
        },
        []);

    /// <summary>The environment a label value means, or null when unmapped.</summary>
    public string? Normalize(string? value) =>
        value is not null && Values.TryGetValue(value.Trim(), out var environment) ? environment : null;

    /// <summary>The first cluster pattern matching <paramref name="cluster"/>, or null.</summary>
    public ClusterPattern? ForCluster(string cluster) => Clusters.FirstOrDefault(p => p.Matches(cluster));

    /// <summary>
    /// The environment of a pod (or of a namespace or cluster when <paramref name="pod"/> is null) and where it was read;
    /// <see cref="Trace.Environments.Unknown"/> with no source when nothing says. The trace and the explorer both ask here.
    /// </summary>
    public (string Environment, string? Source) Resolve(PodFacts? pod, NamespaceFacts? ns, ClusterFacts? cluster)
    {
        var label = LabelLookup.Find(
            Keys,
            ("pod label", pod?.Labels), ("pod annotation", pod?.Annotations),
            ("namespace label", ns?.Labels), ("namespace annotation", ns?.Annotations),
            ("cluster label", cluster?.Labels));
        if (Normalize(label?.Value) is { } environment)
        {
            return (environment, label?.Source);
        }

        var clusterName = pod?.Cluster ?? ns?.Cluster ?? cluster?.Name;
        return clusterName is not null && ForCluster(clusterName) is { } pattern
            ? (pattern.Environment, $"cluster name {clusterName} matches {pattern.Pattern}")
            : (Trace.Environments.Unknown, label?.Source);
    }
}

/// <summary>A cluster-name glob (<c>*</c> any run of characters, <c>?</c> one; case-insensitive) and the environment it means.</summary>
public sealed record ClusterPattern(string Pattern, string Environment)
{
    public bool Matches(string cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Glob(Pattern.AsSpan(), cluster.AsSpan());
    }

    // Iterative glob with one backtrack point: linear in practice, never exponential on hostile patterns.
    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

/// <summary>
/// Data classification of a pod (the first of <see cref="Keys"/> on the pod's labels/annotations, then the
/// namespace's) or of a cloud resource (its <c>sensitivity</c>), mapped to a level: <c>high</c>, <c>medium</c> or
/// <c>low</c>. An unmapped value has no level and adds nothing.
/// </summary>
public sealed record DataSensitivityMapping(IReadOnlyList<string> Keys, IReadOnlyDictionary<string, string> Levels)
{
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";
    public static readonly IReadOnlyList<string> LevelNames = [High, Medium, Low];

    public static DataSensitivityMapping Default { get; } = new(
        DataClassifications.Keys,
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["pii"] = High, ["personal"] = High, ["personal-data"] = High, ["customer-data"] = High, ["phi"] = High, ["pci"] = High,
            ["restricted"] = High, ["confidential"] = High, ["secret"] = High, ["sensitive"] = High, ["gdpr"] = High,
            ["internal"] = Low, ["public"] = Low,
        });

    /// <summary>The data classification label of a pod (its labels and annotations, then its namespace's) and where it was read.</summary>
    public (string Value, string Source)? Find(PodFacts? pod, NamespaceFacts? ns) =>
        LabelLookup.Find(
            Keys,
            ("pod label", pod?.Labels), ("pod annotation", pod?.Annotations),
            ("namespace label", ns?.Labels), ("namespace annotation", ns?.Annotations));

    /// <summary>The level of a classification value, or null when unmapped.</summary>
    public string? LevelOf(string? classification) =>
        classification is not null && Levels.TryGetValue(classification.Trim(), out var level) ? level : null;
}

/// <summary>Points of each priority factor (docs/priority.md has the table). Every one can be set in the config's <c>weights</c>.</summary>
public sealed record PriorityWeights
{
    public static PriorityWeights Default { get; } = new();

    public double SeverityCritical { get; init; } = 38;
    public double SeverityHigh { get; init; } = 30;
    public double SeverityMedium { get; init; } = 20;
    public double SeverityLow { get; init; } = 10;
    public double SeverityOther { get; init; } = 5;
    public double KnownExploited { get; init; } = 15;
    public double KnownExploitedRansomware { get; init; } = 18;
    /// <summary>Multiplied by the EPSS score (0–1).</summary>
    public double ExploitProbability { get; init; } = 10;
    public double NotRunning { get; init; } = -10;
    public double Production { get; init; } = 20;
    public double UnknownEnvironment { get; init; } = 8;
    public double InternetExposure { get; init; } = 15;
    public double DataSensitivityHigh { get; init; } = 10;
    public double DataSensitivityMedium { get; init; } = 5;
    public double PrivilegeHost { get; init; } = 8;
    public double PrivilegeRoot { get; init; } = 3;
    public double PrivilegeEscalation { get; init; } = 2;
    public double CloudIdentity { get; init; } = 5;
    public double CloudIdentitySensitive { get; init; } = 10;
    /// <summary>Points per decade of pods: <c>ScalePerDecade × log10(pods + 1)</c>, at most <see cref="ScaleMax"/>.</summary>
    public double ScalePerDecade { get; init; } = 5;
    public double ScaleMax { get; init; } = 10;
    public double FixAvailable { get; init; } = 2;
}
