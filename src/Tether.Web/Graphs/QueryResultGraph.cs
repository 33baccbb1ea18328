using Tether.Core.Explore;

namespace Tether.Web.Graphs;

/// <summary>
/// An explorer result as a two-column graph: the matching entities, and the related entities that made them match
/// (each relation's first matches), linked row → evidence. Past <see cref="MaxPerColumn"/> a column ends in one
/// "+N more" node, so a large result stays readable.
/// </summary>
public static class QueryResultGraph
{
    public const int MaxPerColumn = 20;

    public static GraphModel Build(QueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var nodes = new List<GraphNode>();
        var links = new List<GraphLink>();
        var shownRows = result.Rows.Take(MaxPerColumn).ToList();
        foreach (var row in shownRows)
        {
            nodes.Add(new GraphNode("r:" + row.Key, 0, LayeredLayout.Fit(row.Name), row.Name == row.Key ? row.Kind : LayeredLayout.Fit(row.Key)));
        }

        var hiddenRows = result.Total - shownRows.Count;
        if (hiddenRows > 0)
        {
            nodes.Add(new GraphNode("r:more", 0, $"+{hiddenRows} more {result.Entity}", null, Aggregate: true));
        }

        var related = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        var hiddenRelated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in shownRows)
        {
            foreach (var evidence in row.Evidence)
            {
                foreach (var match in evidence.Matches)
                {
                    var id = $"e:{match.Kind}:{match.Key}";
                    if (!related.ContainsKey(id))
                    {
                        if (related.Count >= MaxPerColumn)
                        {
                            hiddenRelated.Add(id);
                            continue;
                        }

                        related[id] = new GraphNode(id, 1, LayeredLayout.Fit(match.Name), match.Kind);
                    }

                    links.Add(new GraphLink("r:" + row.Key, id));
                }
            }
        }

        nodes.AddRange(related.Values);
        if (hiddenRelated.Count > 0)
        {
            nodes.Add(new GraphNode("e:more", 1, $"+{hiddenRelated.Count} more related", null, Aggregate: true));
        }

        return new GraphModel($"{result.Total} {result.Entity} and the related entities that made them match", [result.Entity, "matched because"], nodes, links);
    }
}
