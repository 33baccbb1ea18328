namespace Tether.Scanner.Analyze;

/// <summary>
/// One package an analyzer found in an image's files, as that package database states it. The scanner later
/// adds the layer that holds <see cref="Path"/> and the OS release, and turns it into a purl and an OSV ecosystem.
/// </summary>
/// <param name="Type">purl type: <c>deb</c>, <c>apk</c>, <c>rpm</c>, <c>npm</c>, <c>pypi</c>, <c>nuget</c>, <c>golang</c>, <c>maven</c>, <c>gem</c>, <c>cargo</c>.</param>
/// <param name="Name">The name as the ecosystem writes it (Maven: artifactId; npm: without scope).</param>
/// <param name="Version">The version as installed; for rpm <c>VERSION-RELEASE</c> without epoch (see <see cref="Epoch"/>).</param>
public sealed record ScannedPackage(string Type, string Name, string Version)
{
    /// <summary>purl namespace: npm scope (<c>@babel</c>), Maven groupId, Go module path prefix, distro id for OS packages.</summary>
    public string? Namespace { get; init; }

    /// <summary>Source package: dpkg <c>Source:</c> (without its version), apk origin, source RPM name.</summary>
    public string? SourceName { get; init; }

    /// <summary>Source version when it differs from <see cref="Version"/> (dpkg <c>Source: name (version)</c>, source RPM version-release).</summary>
    public string? SourceVersion { get; init; }

    /// <summary>rpm/dpkg epoch when not 0.</summary>
    public int? Epoch { get; init; }

    public string? Architecture { get; init; }

    public IReadOnlyList<string> Licenses { get; init; } = [];

    /// <summary>The file it was found in, relative to the image root with <c>/</c> separators (<c>var/lib/dpkg/status</c>).</summary>
    public required string Path { get; init; }

    /// <summary>Files the package database says the package installed (dpkg .list/.md5sums, rpm file list), when it lists them.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The lock file marks it as needed for development only (npm <c>dev</c>); images installed with <c>--omit=dev</c> lack it.</summary>
    public bool Development { get; init; }

    /// <summary>Where inside <see cref="Path"/> it was found when that file is an archive: a nested jar (<c>WEB-INF/lib/guava-31.1-jre.jar</c>).</summary>
    public string? Member { get; init; }
}
