using System.Globalization;
using System.Text;
using Tether.Vulnerabilities.Sbom.Normalize;
using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Scanner.Analyze.Os;

/// <summary>
/// The package URL of an OS package, with the qualifiers advisories need (purl-spec <c>deb</c>, <c>apk</c>, <c>rpm</c>
/// type definitions; qualifiers in canonical, sorted order, values percent-encoded):
/// <list type="bullet">
/// <item>namespace: the vendor — the release's id, with Red Hat's <c>rhel</c> written <c>redhat</c> (<see cref="OsvEcosystems.CanonicalDistro"/>);</item>
/// <item>version: deb <c>[epoch:]version</c> as dpkg writes it (the spec's own example: <c>attr@1:2.4.47-2</c>);
/// apk as installed; rpm <c>version-release</c> with the epoch in an <c>epoch</c> qualifier;</item>
/// <item><c>arch</c>; <c>distro</c> — <c>debian-12</c>, <c>ubuntu-18.04</c>, <c>rhel-9.2</c> (id-version as Syft and
/// Trivy write it), for apk the Alpine release alone (<c>3.4.6</c>, as Trivy writes it);</item>
/// <item><c>upstream</c>, the source package: deb <c>name</c> or <c>name@version</c> when the binary names another source
/// (as Syft writes it); apk the origin when it differs from the name; rpm the source RPM file name.</item>
/// </list>
/// <see cref="OsvEcosystems.Resolve"/> maps these back to OSV ecosystems (<c>Debian:12</c>, <c>Alpine:v3.4</c>,
/// <c>Red Hat:enterprise_linux:9</c>, <c>Ubuntu:18.04:LTS</c>).
/// </summary>
public static class OsPackageUrl
{
    /// <summary>The purl of <paramref name="package"/> (type <c>deb</c>, <c>apk</c> or <c>rpm</c>) in the image whose release is <paramref name="os"/> (null when unknown: no namespace or distro then).</summary>
    public static string For(ScannedPackage package, OperatingSystemRelease? os)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Type is not ("deb" or "apk" or "rpm"))
        {
            throw new ArgumentException($"'{package.Type}' is not an OS package type (deb, apk, rpm).", nameof(package));
        }

        var vendor = os is not null ? OsvEcosystems.CanonicalDistro(os.Id) : package.Namespace?.ToLowerInvariant();
        var name = package.Type == "rpm" ? package.Name : package.Name.ToLowerInvariant();
        var version = package.Type == "deb" && package.Epoch is { } epoch ? $"{epoch.ToString(CultureInfo.InvariantCulture)}:{package.Version}" : package.Version;

        var qualifiers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (package.Architecture is { } arch)
        {
            qualifiers["arch"] = arch;
        }

        if (Distro(package.Type, os) is { } distro)
        {
            qualifiers["distro"] = distro;
        }

        if (package.Type == "rpm" && package.Epoch is { } rpmEpoch)
        {
            qualifiers["epoch"] = rpmEpoch.ToString(CultureInfo.InvariantCulture);
        }

        if (Upstream(package, version) is { } upstream)
        {
            qualifiers["upstream"] = upstream;
        }

        var text = new StringBuilder("pkg:").Append(package.Type).Append('/');
        if (vendor is not null)
        {
            text.Append(Encode(vendor)).Append('/');
        }

        text.Append(Encode(name)).Append('@').Append(Encode(version));
        var separator = '?';
        foreach (var (key, value) in qualifiers)
        {
            text.Append(separator).Append(key).Append('=').Append(Encode(value));
            separator = '&';
        }

        return text.ToString();
    }

    private static string? Distro(string type, OperatingSystemRelease? os) => os switch
    {
        null => null,
        { Version: null } => type == "apk" ? null : os.Id,
        _ => type == "apk" ? os.Version : $"{os.Id}-{os.Version}",
    };

    private static string? Upstream(ScannedPackage package, string version)
    {
        if (package.SourceName is not { } source)
        {
            return null;
        }

        return package.Type switch
        {
            "rpm" => $"{source}-{package.SourceVersion ?? package.Version}.src.rpm",
            "deb" when package.SourceVersion is { } sourceVersion && sourceVersion != version => $"{source}@{sourceVersion}",
            _ => source == package.Name ? null : source,
        };
    }

    /// <summary>purl percent-encoding: everything but unreserved URL characters and <c>:</c>, as UTF-8 bytes.</summary>
    private static string Encode(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~' or ':')
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
