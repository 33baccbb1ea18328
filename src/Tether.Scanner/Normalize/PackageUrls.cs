using System.Text;
using Tether.Scanner.Analyze;
using Tether.Scanner.Analyze.Os;
using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Scanner.Normalize;

/// <summary>
/// The package URL of any scanned package: OS packages with their distro qualifiers (<see cref="OsPackageUrl"/>),
/// language packages per the purl-spec type definitions — each namespace segment and the name percent-encoded
/// (<c>pkg:npm/%40babel/core@7.24.0</c>), PyPI names lower-cased with <c>_</c> as <c>-</c>, Go module paths split
/// at the last <c>/</c> into namespace and name.
/// </summary>
public static class PackageUrls
{
    public static string For(ScannedPackage package, OperatingSystemRelease? os)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Type is "deb" or "apk" or "rpm")
        {
            return OsPackageUrl.For(package, os);
        }

        var (space, name) = package.Type switch
        {
            "pypi" => (package.Namespace, package.Name.ToLowerInvariant().Replace('_', '-')),
            "golang" when package.Namespace is null && package.Name.LastIndexOf('/') is > 0 and var slash => (package.Name[..slash], package.Name[(slash + 1)..]),
            _ => (package.Namespace, package.Name),
        };

        var text = new StringBuilder("pkg:").Append(package.Type).Append('/');
        if (!string.IsNullOrEmpty(space))
        {
            foreach (var segment in space.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                text.Append(Uri.EscapeDataString(segment)).Append('/');
            }
        }

        return text.Append(Uri.EscapeDataString(name)).Append('@').Append(Uri.EscapeDataString(package.Version)).ToString();
    }
}
