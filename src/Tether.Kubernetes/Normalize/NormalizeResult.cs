namespace Tether.Kubernetes.Normalize;

/// <summary>What a normalization added: objects read per kind, and links it could not make (and why).</summary>
public sealed record NormalizeResult(IReadOnlyDictionary<string, int> ObjectsByKind, IReadOnlyList<string> Unresolved);
