using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Vulnerabilities.Sbom.Normalize;

/// <summary>
/// The source package a distro package was built from — distro advisories (Debian, Alpine, Ubuntu) are keyed by
/// it. What the producer states wins (Trivy <c>SrcName</c>/<c>SrcVersion</c>, Syft metadata, SPDX <c>sourceInfo</c>);
/// otherwise the purl's <c>upstream</c> qualifier: apk <c>busybox</c>, deb <c>glibc</c> or <c>gcc-12@12.2.0-14</c>,
/// rpm <c>openssl-1.1.1k-7.el8_6.src.rpm</c>. A null version means the SBOM does not say; for apk and deb the
/// source version is then the binary's (abuild and dpkg only record it when it differs), which matching may use.
/// Language packages have no source package.
/// </summary>
public static class SourcePackages
{
    public static (string? Name, string? Version) Of(SbomComponent component)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (component.Purl.Type is not ("apk" or "alpine" or "deb" or "rpm"))
        {
            return (null, null);
        }

        if (component.SourceName is not null)
        {
            return (component.SourceName, component.SourceVersion);
        }

        var upstream = component.Purl.Qualifier("upstream");
        if (upstream is null)
        {
            return (null, null);
        }

        if (component.Purl.Type == "rpm")
        {
            return SourceRpmName.TryParse(upstream, out var name, out var version) ? (name, version) : (upstream, null);
        }

        var at = upstream.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < upstream.Length - 1 ? (upstream[..at], upstream[(at + 1)..]) : (upstream.TrimEnd('@'), null);
    }
}
