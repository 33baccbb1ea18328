namespace Tether.Core.Graph;

/// <summary>A node's identity: its kind and its natural key (digest, purl, normalized URL, cluster path…).</summary>
public readonly record struct NodeRef(string Kind, string Key)
{
    public override string ToString() => $"{Kind}:{Key}";
}
