namespace Tether.Core.Graph;

/// <summary>A node as read back from the store, with its observation window.</summary>
public sealed record StoredNode(
    long Id,
    string Kind,
    string Key,
    string PropertiesJson,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset? EndedAt)
{
    public NodeRef Ref => new(Kind, Key);

    /// <summary>True while the node still exists (a pod not yet deleted, a tag not yet moved…).</summary>
    public bool IsCurrent => EndedAt is null;

    /// <summary>Reads the properties back as the kind's facts record.</summary>
    public T Facts<T>() where T : NodeFacts
    {
        return (T)FactsCodec.Decode(Kind, Key, PropertiesJson);
    }
}
