using Tether.Core.Graph;

namespace Tether.Core.Model;

/// <summary>
/// One distinct package version as matching sees it. Key: <c>{ecosystem}|{name}|{version}</c>, where the
/// ecosystem is the OSV name with the distro release when it has one (<c>Debian:12</c>, <c>Alpine:v3.19</c>,
/// <c>npm</c>). Thousands of images share these nodes; matching runs once per node, not per image.
/// </summary>
public sealed record PackageFacts(string Ecosystem, string Name, string Version) : NodeFacts
{
    public override string Kind => NodeKinds.Package;
    public override string Key => KeyOf(Ecosystem, Name, Version);
    public static string KeyOf(string ecosystem, string name, string version) => $"{ecosystem}|{name}|{version}";

    /// <summary>Package URL as the producer wrote it (with qualifiers such as distro and arch).</summary>
    public string? Purl { get; init; }
    /// <summary>purl type: deb, apk, rpm, npm, pypi, maven, nuget, golang, cargo, gem…</summary>
    public string? Type { get; init; }
    /// <summary>Source package (dpkg <c>Source:</c>, apk origin, source RPM): distro advisories are keyed by it.</summary>
    public string? SourceName { get; init; }
    public string? SourceVersion { get; init; }
    public IReadOnlyList<string>? Licenses { get; init; }

    /// <summary>
    /// What an advisory names finds the package: its name as advisories key it (folded where the registry ignores case),
    /// and for distros the source package, which finds every binary built from one.
    /// </summary>
    public override IEnumerable<string> Aliases => IsDistro(Ecosystem)
        ? [NameAlias(Ecosystem, Name), SourceAlias(Ecosystem, SourceName ?? Name)]
        : [NameAlias(Ecosystem, Name)];

    public static string NameAlias(string ecosystem, string name) => $"{ecosystem}|name:{Advisories.PackageNames.Key(ecosystem, name)}";

    public static string SourceAlias(string ecosystem, string sourceName) => $"{ecosystem}|src:{sourceName}";

    /// <summary>OS package ecosystems, whose advisories are keyed by source package.</summary>
    public static bool IsDistro(string ecosystem)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        var name = ecosystem.Split(':')[0];
        return name is "Debian" or "Ubuntu" or "Alpine" or "Wolfi" or "Chainguard" or "Red Hat" or "Rocky Linux" or "AlmaLinux"
            or "SUSE" or "openSUSE" or "Mageia" or "Photon OS" or "CBL-Mariner" or "Azure Linux" or "Oracle Linux";
    }
}

/// <summary>A filesystem layer. Key: its diff id (sha256 of the uncompressed tar), shared by every image that has it.</summary>
public sealed record LayerFacts(string DiffId) : NodeFacts
{
    public override string Kind => NodeKinds.Layer;
    public override string Key => DiffId;
    /// <summary>The history entry that created it (<c>RUN …</c>), when the producer knew it.</summary>
    public string? CreatedBy { get; init; }
}
