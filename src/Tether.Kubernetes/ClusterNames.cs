using Tether.Core.Errors;

namespace Tether.Kubernetes;

/// <summary>Cluster names key every runtime node (<c>{cluster}/{namespace}/…</c>), so they must not contain '/'.</summary>
public static class ClusterNames
{
    /// <summary>
    /// The cluster name for a kube context: the context's name, with '/' replaced by ':' (EKS contexts are ARNs such
    /// as <c>arn:aws:eks:eu-west-1:123456789012:cluster/prod</c>).
    /// </summary>
    public static string FromContext(string context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Replace('/', ':');
    }

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
