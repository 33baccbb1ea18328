namespace Tether.Core.Risk;

/// <summary>
/// Which cloud identity a pod acts as through its Kubernetes service account (docs/attack-paths.md):
/// <list type="bullet">
/// <item>Azure Workload Identity: service account annotation <c>azure.workload.identity/client-id</c>; the webhook
/// injects the token only into pods labelled <c>azure.workload.identity/use: "true"</c>, so an unlabelled pod does not
/// hold the identity.</item>
/// <item>AWS IRSA: service account annotation <c>eks.amazonaws.com/role-arn</c> (the pod identity webhook injects the
/// web identity token into every pod of the account).</item>
/// <item>GKE Workload Identity: service account annotation <c>iam.gke.io/gcp-service-account</c> (the metadata server
/// answers for every pod of the account).</item>
/// </list>
/// automountServiceAccountToken does not change this: each cloud injects its own projected token (or metadata server);
/// it decides whether the pod holds a Kubernetes API token, which is reported beside the identity.
/// </summary>
public static class WorkloadIdentityRules
{
    public const string Azure = "azure";
    public const string Aws = "aws";
    public const string Gcp = "gcp";

    public const string AzureClientIdAnnotation = "azure.workload.identity/client-id";
    public const string AzureUseLabel = "azure.workload.identity/use";
    public const string AwsRoleArnAnnotation = "eks.amazonaws.com/role-arn";
    public const string GcpServiceAccountAnnotation = "iam.gke.io/gcp-service-account";

    private static readonly (string Annotation, string Provider)[] Annotations =
    [
        (AzureClientIdAnnotation, Azure),
        (AwsRoleArnAnnotation, Aws),
        (GcpServiceAccountAnnotation, Gcp),
    ];

    /// <summary>The identity bound to a service account by its annotations: (provider, id, annotation), or null.</summary>
    public static BoundIdentity? FromAnnotations(IReadOnlyDictionary<string, string>? annotations)
    {
        foreach (var (annotation, provider) in Annotations)
        {
            if (annotations is not null && annotations.TryGetValue(annotation, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return new BoundIdentity(provider, NormalizeId(provider, value), annotation);
            }
        }

        return null;
    }

    /// <summary>
    /// The id as keyed in the graph: Azure client ids (GUIDs) and GCP emails lower-cased; AWS ARNs as written (IAM role
    /// names are case-sensitive in ARNs).
    /// </summary>
    public static string NormalizeId(string provider, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var trimmed = id.Trim();
        return provider == Aws ? trimmed : trimmed.ToLowerInvariant();
    }

    /// <summary>Whether a pod with these labels actually receives the identity of its service account.</summary>
    public static bool PodReceives(string provider, IReadOnlyDictionary<string, string>? podLabels) =>
        provider != Azure
        || (podLabels is not null && podLabels.TryGetValue(AzureUseLabel, out var use) && string.Equals(use.Trim(), "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the pod gets a Kubernetes API token: the pod's setting, else the account's, else true.</summary>
    public static bool TokenAutomounted(bool? pod, bool? serviceAccount) => pod ?? serviceAccount ?? true;
}

/// <summary>A cloud identity bound to a service account, and the annotation that binds it.</summary>
public sealed record BoundIdentity(string Provider, string Id, string Annotation)
{
    public string Key => $"{Provider}:{Id}";
}
