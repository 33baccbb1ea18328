namespace Tether.Registry.Parse;

/// <summary>An OCI content descriptor: what a manifest or index says about the content it points at.</summary>
public sealed record Descriptor(
    string MediaType,
    string Digest,
    long Size,
    Platform? Platform = null,
    IReadOnlyDictionary<string, string>? Annotations = null,
    string? ArtifactType = null)
{
    public string? Annotation(string name) =>
        Annotations is not null && Annotations.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A platform as written in an index descriptor or an image config.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant = null, string? OsVersion = null)
{
    /// <summary>BuildKit marks attestation manifests <c>unknown/unknown</c> so runtimes never pull them.</summary>
    public bool IsUnknown => Os == "unknown" && Architecture == "unknown";

    /// <summary><c>os/architecture[/variant]</c>, as Docker and the graph write platforms.</summary>
    public override string ToString() =>
        Variant is { Length: > 0 } ? $"{Os}/{Architecture}/{Variant}" : $"{Os}/{Architecture}";
}
