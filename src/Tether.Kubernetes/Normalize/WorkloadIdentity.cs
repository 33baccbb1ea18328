using Tether.Core.Risk;

namespace Tether.Kubernetes.Normalize;

/// <summary>Cloud identities bound to a ServiceAccount by the clouds' workload-identity annotations (<see cref="WorkloadIdentityRules"/>).</summary>
public static class WorkloadIdentity
{
    /// <summary>The identity (Azure client id, AWS role ARN, GCP service account) and its provider, or nulls.</summary>
    public static (string? Identity, string? Provider) From(IDictionary<string, string>? annotations)
    {
        var bound = WorkloadIdentityRules.FromAnnotations(annotations is null ? null : new Dictionary<string, string>(annotations, StringComparer.Ordinal));
        return (bound?.Id, bound?.Provider);
    }
}
