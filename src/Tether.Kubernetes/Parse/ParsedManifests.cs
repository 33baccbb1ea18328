namespace Tether.Kubernetes.Parse;

/// <summary>What one file held: the supported objects, and how many objects of other kinds were skipped.</summary>
/// <param name="Source">The file path.</param>
/// <param name="Sha256">The file's digest (<c>sha256:…</c>), the evidence document of objects without a uid.</param>
/// <param name="Items">Supported objects, in file order.</param>
/// <param name="Skipped">Skipped objects by <c>apiVersion/kind</c>.</param>
public sealed record ParsedManifests(
    string Source,
    string Sha256,
    IReadOnlyList<KubernetesItem> Items,
    IReadOnlyDictionary<string, int> Skipped);
