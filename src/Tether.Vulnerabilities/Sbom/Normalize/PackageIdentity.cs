namespace Tether.Vulnerabilities.Sbom.Normalize;

/// <summary>
/// What matching keys a package by: the OSV ecosystem (with the distro release when it has one), the name as that
/// ecosystem spells it, and the version. <see cref="IsOsv"/> is false when the ecosystem is not one OSV defines
/// (CentOS, Amazon Linux, <c>generic</c>…): the name is then Tether's, kept so the inventory is complete.
/// </summary>
public sealed record PackageIdentity(string Ecosystem, string Name, string Version, bool IsOsv);
