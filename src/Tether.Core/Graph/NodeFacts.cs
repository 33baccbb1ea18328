using System.Text.Json.Serialization;

namespace Tether.Core.Graph;

/// <summary>
/// What is known about one node. Each concrete record is one kind; its <see cref="Key"/> is the
/// node's natural identity and its other properties are stored as the node's JSON properties.
/// Null properties are "not observed" and never overwrite a value another collector stored.
/// </summary>
public abstract record NodeFacts
{
    [JsonIgnore]
    public abstract string Kind { get; }

    [JsonIgnore]
    public abstract string Key { get; }

    /// <summary>Other names the node can be found by (vulnerability aliases, short refs).</summary>
    [JsonIgnore]
    public virtual IEnumerable<string> Aliases => [];

    [JsonIgnore]
    public NodeRef Ref => new(Kind, Key);

    /// <summary>
    /// True for facts one producer computes whole (a match decision): storing them replaces the stored properties,
    /// so a bound that no longer applies disappears. Observed facts are merged instead (a collector never erases what
    /// it did not observe).
    /// </summary>
    [JsonIgnore]
    public virtual bool ReplacesStored => false;
}
