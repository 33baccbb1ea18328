using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Vulnerabilities.Sbom.Normalize;

/// <summary>
/// Maps a purl (and the operating system the SBOM declares) to the OSV ecosystem, name and version that
/// advisories use (ossf/osv-schema <c>ecosystems.json</c>):
/// <list type="bullet">
/// <item>distro packages (<c>apk</c>, <c>deb</c>, <c>rpm</c>; Syft's old <c>alpine</c> type) take the release from the
/// purl's <c>distro</c> qualifier, else from the SBOM's operating system when it is the same distro:
/// <c>Alpine:v3.16</c>, <c>Debian:12</c>, <c>Ubuntu:22.04:LTS</c>, <c>Rocky Linux:9</c>, <c>AlmaLinux:9</c>,
/// <c>Red Hat:enterprise_linux:8</c> (Red Hat's OSV ecosystems name a CPE product stream such as
/// <c>enterprise_linux:8::baseos</c>; an SBOM does not say which repository a package came from, so the key stops at
/// the product and release, a prefix of those streams);</item>
/// <item>CentOS has no OSV ecosystem: its packages are keyed <c>CentOS:7</c> (not OSV). Scanners match them against
/// Red Hat's data; that equivalence is a matching decision, not a fact of the SBOM;</item>
/// <item>the version keeps the epoch: Trivy writes it as an <c>epoch</c> qualifier, Syft in the version;</item>
/// <item>language packages: <c>npm</c> (<c>@scope/name</c>), <c>PyPI</c> (PEP 503 normalized name), <c>Maven</c>
/// (<c>group:artifact</c>), <c>NuGet</c>, <c>Go</c> (module path), <c>crates.io</c>, <c>RubyGems</c>, <c>Packagist</c>, …;</item>
/// <item>any other purl type keeps its type as ecosystem (not OSV).</item>
/// </list>
/// </summary>
public static class OsvEcosystems
{
    private static readonly Dictionary<string, string> DistroAliases = new(StringComparer.Ordinal)
    {
        ["rhel"] = "redhat",
        ["red hat"] = "redhat",
        ["alma"] = "almalinux",
        ["rockylinux"] = "rocky",
        ["amzn"] = "amazon",
        ["sles"] = "suse",
    };

    /// <summary>
    /// The package's identity, or null with <paramref name="problem"/> when it has none (no version anywhere).
    /// <paramref name="problem"/> is also set, with an identity, when the ecosystem lacks a release it should have.
    /// </summary>
    public static PackageIdentity? Resolve(PackageUrl purl, string? declaredVersion, OperatingSystemRelease? os, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(purl);
        problem = null;
        var version = purl.Version ?? declaredVersion;
        if (version is null)
        {
            problem = "has no version";
            return null;
        }

        var path = purl.Namespace is null ? purl.Name : $"{purl.Namespace}/{purl.Name}";
        return purl.Type switch
        {
            "apk" or "alpine" or "deb" or "rpm" => Distro(purl, WithEpoch(version, purl.Qualifier("epoch")), os, out problem),
            "npm" => new PackageIdentity("npm", path, version, true),
            "pypi" => new PackageIdentity("PyPI", Pep503(purl.Name), version, true),
            "maven" => new PackageIdentity("Maven", purl.Namespace is null ? purl.Name : $"{purl.Namespace}:{purl.Name}", version, true),
            "nuget" => new PackageIdentity("NuGet", purl.Name, version, true),
            "golang" => new PackageIdentity("Go", path, version, true),
            "cargo" => new PackageIdentity("crates.io", purl.Name, version, true),
            "gem" => new PackageIdentity("RubyGems", purl.Name, version, true),
            "composer" => new PackageIdentity("Packagist", path, version, true),
            "pub" => new PackageIdentity("Pub", purl.Name, version, true),
            "hex" => new PackageIdentity("Hex", purl.Name, version, true),
            "hackage" => new PackageIdentity("Hackage", purl.Name, version, true),
            "cran" => new PackageIdentity("CRAN", purl.Name, version, true),
            "conan" => new PackageIdentity("ConanCenter", purl.Name, version, true),
            "bitnami" => new PackageIdentity("Bitnami", purl.Name, version, true),
            _ => new PackageIdentity(purl.Type, path, version, false),
        };
    }

    /// <summary>The canonical distro id for a purl namespace or os-release id (<c>rhel</c> → <c>redhat</c>).</summary>
    public static string CanonicalDistro(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var lower = id.ToLowerInvariant();
        return DistroAliases.GetValueOrDefault(lower, lower);
    }

    private static PackageIdentity Distro(PackageUrl purl, string version, OperatingSystemRelease? os, out string? problem)
    {
        problem = null;
        var qualifier = DistroRelease.Parse(purl.Qualifier("distro"));
        var rawId = purl.Namespace ?? qualifier?.Id ?? os?.Id ?? (purl.Type == "alpine" ? "alpine" : null);
        if (rawId is null)
        {
            problem = "names no distro (no purl namespace, distro qualifier or operating system)";
            return new PackageIdentity(purl.Type, purl.Name, version, false);
        }

        var id = CanonicalDistro(rawId);
        var release = qualifier?.Version is not null ? qualifier
            : os is not null && CanonicalDistro(os.Id) == id ? new DistroRelease(id, os.Version)
            : null;

        var (ecosystem, needed) = id switch
        {
            "alpine" => (Suffix("Alpine", release?.Numeric(2), v => $"v{v}"), true),
            "wolfi" => ("Wolfi", false),
            "chainguard" => ("Chainguard", false),
            "debian" => (Suffix("Debian", release?.Numeric(1)), false),
            "ubuntu" => (Suffix("Ubuntu", release?.Numeric(2), v => IsLts(v) ? $"{v}:LTS" : v), true),
            "redhat" => (Suffix("Red Hat", release?.Numeric(1), v => $"enterprise_linux:{v}"), true),
            "rocky" => (Suffix("Rocky Linux", release?.Numeric(1)), false),
            "almalinux" => (Suffix("AlmaLinux", release?.Numeric(1)), false),
            "mageia" => (Suffix("Mageia", release?.Numeric(1)), true),
            "photon" => (Suffix("Photon OS", release?.Numeric(2)), true),
            "azurelinux" => (Suffix("Azure Linux", release?.Numeric(2)), true),
            _ => (null, false),
        };

        if (ecosystem is null)
        {
            // Not an OSV distro (CentOS, Amazon Linux, Oracle Linux, Fedora…): keyed by its id and release, as stated.
            return new PackageIdentity(id == "centos" ? Suffix("CentOS", release?.Numeric(1)) : Suffix(id, release?.Version), purl.Name, version, false);
        }

        if (needed && !ecosystem.Contains(':', StringComparison.Ordinal))
        {
            problem = $"names no {ecosystem} release (purl distro qualifier '{purl.Qualifier("distro")}')";
        }

        return new PackageIdentity(ecosystem, purl.Name, version, true);
    }

    private static string Suffix(string ecosystem, string? release, Func<string, string>? format = null) =>
        release is null ? ecosystem : $"{ecosystem}:{(format is null ? release : format(release))}";

    /// <summary>Ubuntu LTS releases are the April releases of even years (22.04, 24.04).</summary>
    private static bool IsLts(string release) =>
        release.Split('.') is [var year, "04"] && int.TryParse(year, out var y) && y % 2 == 0;

    private static string WithEpoch(string version, string? epoch) =>
        epoch is null or "0" || version.Contains(':', StringComparison.Ordinal) ? version : $"{epoch}:{version}";

    /// <summary>PEP 503: lower case, runs of <c>-</c>, <c>_</c>, <c>.</c> become one <c>-</c> (OSV's PyPI names are normalized so).</summary>
    public static string Pep503(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.')
            {
                if (builder.Length == 0 || builder[^1] != '-')
                {
                    builder.Append('-');
                }

                continue;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
