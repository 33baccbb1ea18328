namespace Tether.Kubernetes.Normalize;

/// <summary>Cloud identities bound to a ServiceAccount by the clouds' workload-identity annotations.</summary>
public static class WorkloadIdentity
{
    private static readonly (string Annotation, string Provider)[] Annotations =
    [
        ("azure.workload.identity/client-id", "azure"),
        ("eks.amazonaws.com/role-arn", "aws"),
        ("iam.gke.io/gcp-service-account", "gcp"),
    ];

    /// <summary>The identity (Azure client id, AWS role ARN, GCP service account) and its provider, or nulls.</summary>
    public static (string? Identity, string? Provider) From(IDictionary<string, string>? annotations)
    {
        foreach (var (annotation, provider) in Annotations)
        {
            if (annotations is not null && annotations.TryGetValue(annotation, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return (value.Trim(), provider);
            }
        }

        return (null, null);
    }
}
