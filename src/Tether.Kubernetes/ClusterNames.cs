using Tether.Core.Errors;

namespace Tether.Kubernetes;

/// <summary>Cluster names key every runtime node (<c>{cluster}/{namespace}/…</c>), so they must not contain '/'.</summary>
public static class ClusterNames
{
    public static void Validate(string? cluster, string source)
    {
        if (string.IsNullOrWhiteSpace(cluster))
        {
            throw new InputException(source, null, "a cluster name is required.");
        }

        if (cluster.Contains('/', StringComparison.Ordinal) || cluster.Length > 253 || cluster.Any(char.IsControl))
        {
            throw new InputException(source, null, $"'{cluster}' is not a usable cluster name (no '/', at most 253 characters).");
        }
    }
}
