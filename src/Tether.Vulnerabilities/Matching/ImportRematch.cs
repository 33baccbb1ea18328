using Tether.Core.Advisories;
using Tether.Core.Graph;

namespace Tether.Vulnerabilities.Matching;

/// <summary>After an advisory import: re-match the packages its changed records affect (now or before), so findings follow the advisories.</summary>
public static class ImportRematch
{
    public static async Task<RematchSummary> RunAsync(IGraphStore graph, IAdvisoryStore advisories, long importId, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(advisories);
        var changes = new List<AdvisoryChange>();
        await foreach (var change in advisories.ListChangesInImportAsync(importId, cancellationToken).ConfigureAwait(false))
        {
            changes.Add(change);
        }

        return await new GraphMatcher(graph, advisories, time).MatchChangesAsync(changes, cancellationToken).ConfigureAwait(false);
    }
}
