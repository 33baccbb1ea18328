using Tether.Core.Graph;

namespace Tether.Core.Model;

/// <summary>
/// A cloud identity a workload can act as: an Azure managed identity (client id), an AWS IAM role (ARN) or a GCP
/// service account (email). Key: <c>{provider}:{id}</c> (<c>azure:3f2b…</c>, <c>aws:arn:aws:iam::…:role/x</c>,
/// <c>gcp:sa@project.iam.gserviceaccount.com</c>); ids are lower-cased except AWS ARNs (role names are case-sensitive).
/// </summary>
public sealed record CloudIdentityFacts(string Provider, string Id) : NodeFacts
{
    public override string Kind => NodeKinds.CloudIdentity;
    public override string Key => KeyOf(Provider, Id);
    public static string KeyOf(string provider, string id) => $"{provider}:{id}";
    public string? Name { get; init; }
    public string? Account { get; init; }
    /// <summary>Every grant of the identity from the cloud inventory (the <c>has_permission</c> edges point at the resources).</summary>
    public IReadOnlyList<CloudGrant>? Grants { get; init; }
}

/// <summary>Permissions (role or action names) an identity holds on one resource.</summary>
public sealed record CloudGrant(string Resource, IReadOnlyList<string> Permissions);

/// <summary>
/// A cloud resource (storage account, S3 bucket, KMS key, database…). Key: <c>{provider}:{id}</c> with the id as the
/// cloud writes it (Azure resource id, ARN, GCP full resource name).
/// </summary>
public sealed record CloudResourceFacts(string Provider, string Id) : NodeFacts
{
    public override string Kind => NodeKinds.CloudResource;
    public override string Key => $"{Provider}:{Id}";
    public string? Name { get; init; }
    public string? ResourceType { get; init; }
    /// <summary>The data classification the inventory gives (pii, confidential…), mapped to a level by the risk settings.</summary>
    public string? Sensitivity { get; init; }
    public string? Account { get; init; }
    public string? Region { get; init; }
}
