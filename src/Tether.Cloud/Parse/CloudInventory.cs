namespace Tether.Cloud.Parse;

/// <summary>A parsed cloud inventory document (format in docs/attack-paths.md), with the sha256 of its bytes.</summary>
public sealed record CloudInventory(string Source, string Sha256, IReadOnlyList<CloudIdentityRecord> Identities, IReadOnlyList<CloudResourceRecord> Resources);

/// <summary>An identity: provider, id (Azure client id, AWS role ARN, GCP service account email), and its grants.</summary>
public sealed record CloudIdentityRecord(string Provider, string Id, string? Name, string? Account, IReadOnlyList<CloudPermissionRecord> Permissions);

/// <summary>Role or action names the identity holds on one resource (by the resource's id).</summary>
public sealed record CloudPermissionRecord(string Resource, IReadOnlyList<string> Actions);

public sealed record CloudResourceRecord(string Provider, string Id, string? Name, string? Type, string? Sensitivity, string? Account, string? Region);

/// <summary>Bounds for one inventory file; defaults fit a large organisation's export.</summary>
public sealed record CloudInventoryLimits(int MaxBytes, int MaxIdentities, int MaxResources, int MaxPermissionsPerIdentity, int MaxActions, int MaxStringLength)
{
    public static CloudInventoryLimits Default { get; } = new(64 * 1024 * 1024, 100_000, 1_000_000, 10_000, 1_000, 4_096);
}
