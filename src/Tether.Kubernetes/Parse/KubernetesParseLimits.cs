namespace Tether.Kubernetes.Parse;

/// <summary>
/// Bounds for untrusted manifests. A file over a limit is rejected with an <see cref="Core.Errors.InputException"/>
/// before anything is stored; the defaults fit a `kubectl get … -o json` of a large cluster.
/// </summary>
public sealed record KubernetesParseLimits
{
    public static KubernetesParseLimits Default { get; } = new();

    /// <summary>Largest file read, in bytes.</summary>
    public int MaxFileBytes { get; init; } = 256 * 1024 * 1024;

    /// <summary>Most objects (list items and YAML documents together) in one file.</summary>
    public int MaxItems { get; init; } = 250_000;

    /// <summary>Most YAML nodes (scalars, sequences, mappings) built from one file, aliases expanded.</summary>
    public int MaxYamlNodes { get; init; } = 20_000_000;

    /// <summary>
    /// Nodes that alias expansion may add beyond this floor; above it, expansion may add at most as many nodes as
    /// the file wrote out. A "billion laughs" document stops here instead of filling memory.
    /// </summary>
    public int YamlAliasExpansionFloor { get; init; } = 100_000;

    /// <summary>Deepest nesting of YAML collections.</summary>
    public int MaxYamlDepth { get; init; } = 64;
}
