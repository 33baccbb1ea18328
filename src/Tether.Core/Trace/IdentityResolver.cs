using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Risk;

namespace Tether.Core.Trace;

/// <summary>
/// Service accounts → the cloud identities their workload-identity annotations bind (<c>assumes_identity</c>) → the
/// resources those identities hold permissions on (<c>has_permission</c>, from an ingested cloud inventory). Two
/// set-at-a-time reads for any number of accounts.
/// </summary>
internal static class IdentityResolver
{
    /// <summary>By service account node id: the bound identity (Held and token fields are the caller's to set per pod).</summary>
    public static async Task<Dictionary<long, IdentityView>> ResolveAsync(GraphReader graph, IReadOnlyList<StoredNode> accounts, RiskSettings settings)
    {
        var result = new Dictionary<long, IdentityView>();
        if (accounts.Count == 0)
        {
            return result;
        }

        var bound = (await graph.FollowAsync(accounts, EdgeDirection.Outgoing, EdgeTypes.AssumesIdentity).ConfigureAwait(false))
            .Where(h => h.IsCurrentFor(h.Origin) && h.Node.Kind == NodeKinds.CloudIdentity)
            .GroupBy(h => h.Origin.Id).ToDictionary(g => g.Key, g => g.Strongest().First());
        var grants = (await graph.FollowAsync(bound.Values.Select(h => h.Node).DistinctBy(n => n.Id), EdgeDirection.Outgoing, EdgeTypes.HasPermission).ConfigureAwait(false))
            .Where(h => h.Node.IsCurrent && h.IsCurrentFor(h.Origin))
            .ToLookup(h => h.Origin.Id);

        foreach (var (accountId, hop) in bound)
        {
            var account = graph.Facts<ServiceAccountFacts>(hop.Origin);
            var identity = graph.Facts<CloudIdentityFacts>(hop.Node);
            var permissions = (identity.Grants ?? []).ToLookup(g => g.Resource, StringComparer.Ordinal);
            var views = grants[hop.Node.Id].Select(g =>
            {
                var resource = graph.Facts<CloudResourceFacts>(g.Node);
                return new GrantView(
                    resource.Id,
                    resource.Name,
                    resource.ResourceType,
                    resource.Sensitivity,
                    settings.Data.LevelOf(resource.Sensitivity),
                    [.. permissions[resource.Id].SelectMany(p => p.Permissions).Distinct(StringComparer.Ordinal)],
                    g.Evidence("identity has permissions on resource"));
            }).OrderBy(g => g.Resource, StringComparer.Ordinal).ToList();
            var annotation = WorkloadIdentityRules.FromAnnotations(account.Annotations)?.Annotation ?? identity.Provider switch
            {
                WorkloadIdentityRules.Azure => WorkloadIdentityRules.AzureClientIdAnnotation,
                WorkloadIdentityRules.Aws => WorkloadIdentityRules.AwsRoleArnAnnotation,
                _ => WorkloadIdentityRules.GcpServiceAccountAnnotation,
            };
            result[accountId] = new IdentityView(
                identity.Provider,
                identity.Id,
                $"{account.Namespace}/{account.Name}",
                annotation,
                Held: false,
                KubernetesTokenMounted: true,
                views,
                hop.Evidence("service account annotation binds cloud identity"))
            {
                Name = identity.Name,
            };
        }

        return result;
    }
}
