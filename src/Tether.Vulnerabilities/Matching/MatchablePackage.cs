using Tether.Core.Model;

namespace Tether.Vulnerabilities.Matching;

/// <summary>
/// One distinct package version to match: ecosystem with release (<c>Debian:12</c>, <c>npm</c>), name and version as
/// installed, and for distro packages the source package advisories are keyed by.
/// </summary>
public sealed record MatchablePackage(string Key, string Ecosystem, string Name, string Version)
{
    public string? SourceName { get; init; }
    public string? SourceVersion { get; init; }

    public static MatchablePackage From(PackageFacts package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return new MatchablePackage(package.Key, package.Ecosystem, package.Name, package.Version)
        {
            SourceName = package.SourceName,
            SourceVersion = package.SourceVersion,
        };
    }
}
