namespace Tether.Web.Graphs;

/// <summary>A node of a layered graph: which column (layer) it sits in, what it says, how it is marked.</summary>
/// <param name="Id">Unique within the graph.</param>
/// <param name="Column">0-based layer, left to right.</param>
/// <param name="Label">First line (kept short by the builder).</param>
/// <param name="Detail">Second line, muted; null for none.</param>
/// <param name="Exposed">Reachable from outside its cluster: drawn with a warning outline.</param>
/// <param name="Aggregate">Stands for several things ("+12 more workloads"): drawn dashed.</param>
/// <param name="Href">A link the node opens, or null.</param>
public sealed record GraphNode(string Id, int Column, string Label, string? Detail, bool Exposed = false, bool Aggregate = false, string? Href = null);

/// <summary>A directed link between two nodes of adjacent or later columns, with an optional label.</summary>
public sealed record GraphLink(string From, string To, string? Label = null);

/// <summary>What to draw: column titles, nodes and links. Built by the page's graph builder, laid out by <see cref="LayeredLayout"/>.</summary>
public sealed record GraphModel(string Title, IReadOnlyList<string> Columns, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphLink> Links);
