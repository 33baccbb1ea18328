namespace Tether.Core.Graph;

/// <summary>A relationship to store, with its evidence.</summary>
public sealed record GraphEdge(NodeRef From, string Type, NodeRef To, Evidence Evidence);
