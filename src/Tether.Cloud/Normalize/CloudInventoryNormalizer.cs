using Tether.Cloud.Parse;
using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Cloud.Normalize;

/// <summary>
/// Inventory records → graph facts: one <c>cloud_identity</c> node per identity (with its grants), one
/// <c>cloud_resource</c> node per resource, and a <c>has_permission</c> edge from identity to resource per grant, with
/// evidence method <c>cloud-inventory</c> and the document's sha256. The identities meet the Kubernetes side by key:
/// a service account annotated with the same client id / role ARN / email points at the same node.
/// </summary>
public static class CloudInventoryNormalizer
{
    /// <summary>An inventory is what the user states: certain as far as Tether can tell, but not observed by Tether itself.</summary>
    public const double Confidence = 0.9;

    public static void Normalize(CloudInventory inventory, GraphBatch batch)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(batch);
        var evidence = new Evidence(batch.Collector, EvidenceMethods.CloudInventory, Confidence, batch.ObservedAt, inventory.Sha256);
        var resources = new Dictionary<(string, string), CloudResourceFacts>();
        foreach (var resource in inventory.Resources)
        {
            resources[(resource.Provider, resource.Id)] = batch.Add(new CloudResourceFacts(resource.Provider, resource.Id)
            {
                Name = resource.Name,
                ResourceType = resource.Type,
                Sensitivity = resource.Sensitivity,
                Account = resource.Account,
                Region = resource.Region,
            });
        }

        foreach (var identity in inventory.Identities)
        {
            var grants = identity.Permissions
                .GroupBy(p => p.Resource, StringComparer.Ordinal)
                .Select(g => new CloudGrant(g.Key, [.. g.SelectMany(p => p.Actions).Distinct(StringComparer.Ordinal)]))
                .ToList();
            var facts = batch.Add(new CloudIdentityFacts(identity.Provider, identity.Id)
            {
                Name = identity.Name,
                Account = identity.Account,
                Grants = grants,
            });
            foreach (var grant in grants)
            {
                batch.Link(facts, EdgeTypes.HasPermission, resources[(identity.Provider, grant.Resource)], evidence);
            }
        }
    }
}
