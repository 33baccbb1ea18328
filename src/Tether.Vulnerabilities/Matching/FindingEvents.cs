using System.Globalization;
using Tether.Core.Graph;
using Tether.Core.Model;

namespace Tether.Vulnerabilities.Matching;

/// <summary>Reads the finding events <see cref="GraphMatcher"/> records (<c>tether vuln events</c>, <c>GET /api/v1/findings/events</c>).</summary>
public static class FindingEvents
{
    /// <summary>
    /// Events at or after <paramref name="from"/>, oldest first, optionally only one <paramref name="change"/>
    /// (<see cref="FindingEventFacts.New"/> or <see cref="FindingEventFacts.Resolved"/>). Events are keyed by their UTC
    /// time, so a key page starting at <paramref name="from"/> reads them in time order.
    /// </summary>
    public static async Task<List<FindingEventFacts>> ReadAsync(IGraphStore graph, DateTimeOffset from, string? change, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var result = new List<FindingEventFacts>();
        var after = from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        while (result.Count < limit)
        {
            var page = await graph.ListNodesAsync(NodeKinds.FindingEvent, after, 1_000, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            result.AddRange(page.Select(n => n.Facts<FindingEventFacts>()).Where(e => change is null || e.Change == change).Take(limit - result.Count));
            after = page[^1].Key;
        }

        return result;
    }
}
