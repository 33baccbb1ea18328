namespace Tether.Scanner.Analyze.Language.Java;

/// <summary>A Maven artifact as an archive states it; <see cref="GroupId"/> is null when only the manifest or file name speaks.</summary>
internal sealed record MavenCoordinates(string? GroupId, string ArtifactId, string Version)
{
    /// <summary>From pom.properties; the folder names stand in for a missing groupId or artifactId. No version, no package.</summary>
    public static MavenCoordinates? From(IReadOnlyDictionary<string, string> properties, string groupFromPath, string artifactFromPath)
    {
        var version = properties.GetValueOrDefault("version")?.Trim();
        if (string.IsNullOrEmpty(version))
        {
            return null;
        }

        var group = properties.GetValueOrDefault("groupId")?.Trim();
        var artifact = properties.GetValueOrDefault("artifactId")?.Trim();
        return new MavenCoordinates(
            string.IsNullOrEmpty(group) ? groupFromPath : group,
            string.IsNullOrEmpty(artifact) ? artifactFromPath : artifact,
            version);
    }

    /// <summary><c>log4j-1.2-api-2.17.1.jar</c> → <c>log4j-1.2-api</c> 2.17.1: the version starts at the last <c>-</c> followed by a digit.</summary>
    public static MavenCoordinates? FromFileName(string fileName)
    {
        var stem = fileName;
        foreach (var extension in JavaArchiveAnalyzer.ArchiveExtensions)
        {
            if (fileName.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                stem = fileName[..^extension.Length];
                break;
            }
        }

        for (var dash = stem.LastIndexOf('-'); dash > 0; dash = stem.LastIndexOf('-', dash - 1))
        {
            if (dash + 1 < stem.Length && char.IsAsciiDigit(stem[dash + 1]))
            {
                return new MavenCoordinates(null, stem[..dash], stem[(dash + 1)..]);
            }
        }

        return null;
    }

    /// <summary>
    /// The archive itself when no pom.properties names it: the version from the manifest (else the file name), the
    /// artifactId from the file name (else <c>Bundle-SymbolicName</c>, else <c>Implementation-Title</c>).
    /// </summary>
    public static MavenCoordinates? FromManifest(IReadOnlyDictionary<string, string>? manifest, MavenCoordinates? fromFileName)
    {
        var version = Value(manifest, "Implementation-Version") ?? Value(manifest, "Bundle-Version") ?? fromFileName?.Version;
        var name = fromFileName?.ArtifactId
            ?? Value(manifest, "Bundle-SymbolicName")?.Split(';')[0].Trim()
            ?? Value(manifest, "Implementation-Title");
        return string.IsNullOrEmpty(version) || string.IsNullOrEmpty(name) ? null : new MavenCoordinates(null, name, version);
    }

    private static string? Value(IReadOnlyDictionary<string, string>? manifest, string name) =>
        manifest is not null && manifest.TryGetValue(name, out var value) && value.Trim().Length > 0 ? value.Trim() : null;
}
