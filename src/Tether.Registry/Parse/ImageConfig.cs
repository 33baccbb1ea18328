namespace Tether.Registry.Parse;

/// <summary>What Tether reads from an image config: platform, creation time, labels, history and layer diff ids.</summary>
public sealed record ImageConfig(
    string? Os,
    string? Architecture,
    string? Variant,
    DateTimeOffset? Created,
    IReadOnlyDictionary<string, string>? Labels,
    IReadOnlyList<ImageConfigHistory> History,
    IReadOnlyList<string> DiffIds)
{
    /// <summary><c>os/architecture[/variant]</c> when both are known.</summary>
    public Platform? Platform =>
        string.IsNullOrEmpty(Os) || string.IsNullOrEmpty(Architecture) ? null : new Platform(Os, Architecture, Variant);

    public string? Label(string name) =>
        Labels is not null && Labels.TryGetValue(name, out var value) ? value : null;
}

/// <summary>One <c>history[]</c> entry: the build step, and whether it produced a layer.</summary>
public sealed record ImageConfigHistory(string? CreatedBy, bool EmptyLayer, DateTimeOffset? Created, string? Comment);
