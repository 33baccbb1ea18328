namespace Tether.Core.Recommend;

/// <summary>A package's ecosystem as the fix needs it: the OSV name whose version ordering applies, and whether a distro ships it.</summary>
public sealed record PackageEcosystem(string Name, bool IsDistro);

/// <summary>
/// The ecosystem of a finding's package, from its purl (type and namespace), else from the scanner's package type
/// (Trivy's <c>debian</c>, <c>node-pkg</c>, <c>jar</c>…; Grype's <c>deb</c>, <c>java-archive</c>…). Only the ecosystem's
/// family matters here (which ordering, which command), not the distro release.
/// </summary>
public static class PackageEcosystems
{
    public static PackageEcosystem? Of(string? purl, string? type)
    {
        if (purl is not null && purl.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            var path = purl[4..];
            var end = path.IndexOfAny(['@', '?', '#']);
            var segments = (end < 0 ? path : path[..end]).Split('/');
            var purlType = segments[0].ToLowerInvariant();
            var ns = segments.Length > 2 ? Uri.UnescapeDataString(segments[1]).ToLowerInvariant() : null;
            if (FromPurl(purlType, ns) is { } fromPurl)
            {
                return fromPurl;
            }
        }

        return type?.ToLowerInvariant() switch
        {
            "debian" or "deb" => new("Debian", true),
            "ubuntu" => new("Ubuntu", true),
            "alpine" or "apk" => new("Alpine", true),
            "wolfi" => new("Wolfi", true),
            "chainguard" => new("Chainguard", true),
            "redhat" or "rpm" or "centos" or "rocky" or "alma" or "almalinux" or "amazon" or "oracle" or "fedora" or "cbl-mariner" or "azurelinux" => new("Red Hat", true),
            "suse" or "opensuse" or "sles" or "opensuse.leap" => new("SUSE", true),
            "photon" => new("Photon OS", true),
            "npm" or "node-pkg" or "yarn" or "pnpm" => new("npm", false),
            "pip" or "pipenv" or "poetry" or "python-pkg" or "python" or "uv" => new("PyPI", false),
            "jar" or "pom" or "gradle" or "java-archive" or "sbt" => new("Maven", false),
            "nuget" or "dotnet-core" or "dotnet-deps" or "packages-props" or "dotnet" => new("NuGet", false),
            "gomod" or "gobinary" or "go-module" or "go" => new("Go", false),
            "cargo" or "rustbinary" or "rust-crate" => new("crates.io", false),
            "bundler" or "gemspec" or "gem" => new("RubyGems", false),
            "composer" or "php-composer" => new("Packagist", false),
            _ => null,
        };
    }

    private static PackageEcosystem? FromPurl(string type, string? ns) => type switch
    {
        "deb" => new(ns == "ubuntu" ? "Ubuntu" : "Debian", true),
        "apk" or "alpine" => new(ns switch { "wolfi" => "Wolfi", "chainguard" => "Chainguard", _ => "Alpine" }, true),
        // Every RPM distro orders versions as rpm does; the scheme's name is the one the family registers.
        "rpm" => new(ns switch
        {
            "suse" or "opensuse" or "sles" => "SUSE",
            "photon" => "Photon OS",
            "rocky" or "rockylinux" => "Rocky Linux",
            "almalinux" or "alma" => "AlmaLinux",
            _ => "Red Hat",
        }, true),
        "npm" => new("npm", false),
        "pypi" => new("PyPI", false),
        "maven" => new("Maven", false),
        "nuget" => new("NuGet", false),
        "golang" => new("Go", false),
        "cargo" => new("crates.io", false),
        "gem" => new("RubyGems", false),
        "composer" => new("Packagist", false),
        _ => null,
    };

    /// <summary>The package named by the purl's <c>upstream</c> qualifier (deb <c>glibc</c>, apk <c>busybox</c>), without its version.</summary>
    public static string? UpstreamOf(string? purl)
    {
        var query = purl?.IndexOf('?', StringComparison.Ordinal) ?? -1;
        if (purl is null || query < 0)
        {
            return null;
        }

        foreach (var pair in purl[(query + 1)..].Split('#')[0].Split('&'))
        {
            if (pair.StartsWith("upstream=", StringComparison.Ordinal))
            {
                return SourceName(Uri.UnescapeDataString(pair["upstream=".Length..]));
            }
        }

        return null;
    }

    /// <summary>
    /// The name of a source package as scanners and purls write it: <c>name</c>, <c>name@version</c>, or a source RPM
    /// file name (<c>openssl-3.0.7-27.el9.src.rpm</c>: name, version and release).
    /// </summary>
    public static string? SourceName(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (value.EndsWith(".src.rpm", StringComparison.Ordinal))
        {
            var parts = value[..^".src.rpm".Length].Split('-');
            return parts.Length >= 3 ? string.Join('-', parts[..^2]) : null;
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 ? value[..at] : at == 0 ? null : value;
    }
}
