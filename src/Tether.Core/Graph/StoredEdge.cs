namespace Tether.Core.Graph;

/// <summary>An edge as read back from the store: endpoints by node id, with its evidence and window.</summary>
public sealed record StoredEdge(
    long Id,
    long FromId,
    string Type,
    long ToId,
    string Collector,
    string Method,
    double Confidence,
    string? Document,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);

public enum EdgeDirection
{
    /// <summary>Edges leaving the given nodes.</summary>
    Outgoing,
    /// <summary>Edges arriving at the given nodes.</summary>
    Incoming,
}
