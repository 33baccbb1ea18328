namespace Tether.Web.Graphs;

/// <summary>A node's box in SVG user units.</summary>
public sealed record PlacedNode(GraphNode Node, double X, double Y, double Width, double Height);

/// <summary>A link as a cubic curve from the right edge of one box to the left edge of another.</summary>
public sealed record PlacedLink(GraphLink Link, double X1, double Y1, double X2, double Y2)
{
    public string Path
    {
        get
        {
            var middle = (X1 + X2) / 2;
            return FormattableString.Invariant($"M{X1:0.#},{Y1:0.#} C{middle:0.#},{Y1:0.#} {middle:0.#},{Y2:0.#} {X2:0.#},{Y2:0.#}");
        }
    }
}

public sealed record GraphLayout(GraphModel Model, double Width, double Height, IReadOnlyList<PlacedNode> Nodes, IReadOnlyList<PlacedLink> Links, double TitleY);

/// <summary>
/// A simple layered layout: one column per layer, nodes stacked in their given order and each column centred
/// vertically. Builders aggregate before laying out (top-N plus "+K more"), so columns stay short and no crossing
/// minimisation is needed for the graph to read.
/// </summary>
public static class LayeredLayout
{
    public const double NodeWidth = 210;
    public const double NodeHeight = 40;
    public const double RowGap = 14;
    public const double ColumnGap = 120;
    public const double Margin = 10;
    public const double TitleHeight = 24;

    public static GraphLayout Place(GraphModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var columns = Math.Max(model.Columns.Count, model.Nodes.Count == 0 ? 1 : model.Nodes.Max(n => n.Column) + 1);
        var byColumn = Enumerable.Range(0, columns).Select(c => model.Nodes.Where(n => n.Column == c).ToList()).ToList();
        var tallest = Math.Max(1, byColumn.Max(c => c.Count));
        var contentHeight = tallest * NodeHeight + (tallest - 1) * RowGap;
        var width = 2 * Margin + columns * NodeWidth + (columns - 1) * ColumnGap;
        var height = 2 * Margin + TitleHeight + contentHeight;

        var placed = new Dictionary<string, PlacedNode>(StringComparer.Ordinal);
        for (var c = 0; c < columns; c++)
        {
            var nodes = byColumn[c];
            var columnHeight = nodes.Count * NodeHeight + Math.Max(0, nodes.Count - 1) * RowGap;
            var top = Margin + TitleHeight + (contentHeight - columnHeight) / 2;
            var x = Margin + c * (NodeWidth + ColumnGap);
            for (var i = 0; i < nodes.Count; i++)
            {
                placed[nodes[i].Id] = new PlacedNode(nodes[i], x, top + i * (NodeHeight + RowGap), NodeWidth, NodeHeight);
            }
        }

        var links = new List<PlacedLink>();
        foreach (var link in model.Links)
        {
            if (placed.TryGetValue(link.From, out var from) && placed.TryGetValue(link.To, out var to))
            {
                links.Add(new PlacedLink(link, from.X + from.Width, from.Y + from.Height / 2, to.X, to.Y + to.Height / 2));
            }
        }

        return new GraphLayout(model, width, height, [.. placed.Values], links, Margin + 14);
    }

    /// <summary>Left edge of a column, for its title.</summary>
    public static double ColumnX(int column) => Margin + column * (NodeWidth + ColumnGap);

    /// <summary>Shortens a label to fit a node box, keeping the end (names differ at the end: pod hashes, tags).</summary>
    public static string Fit(string text, int max = 30)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : string.Concat("…", text.AsSpan(text.Length - (max - 1)));
    }
}
