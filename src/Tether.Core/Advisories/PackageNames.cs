using System.Text;

namespace Tether.Core.Advisories;

/// <summary>
/// The lookup key of a package name within an ecosystem. Registries that treat names case-insensitively
/// (or, for PyPI, also treat <c>-</c>, <c>_</c> and <c>.</c> alike) are folded, so an advisory for <c>Pillow</c>
/// is found for an installed <c>pillow</c>. Elsewhere the name is the key: npm, Go, Maven and the distros
/// name packages exactly.
/// </summary>
public static class PackageNames
{
    /// <summary>The ecosystem without its release: <c>Debian:12</c> → <c>Debian</c>.</summary>
    public static string EcosystemName(string ecosystem)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        var colon = ecosystem.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? ecosystem : ecosystem[..colon];
    }

    public static string Key(string ecosystem, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return EcosystemName(ecosystem) switch
        {
            // PEP 503: lowercase, and runs of -, _ and . are one -.
            "PyPI" => Pep503(name),
            // NuGet ids, Composer package names and Hex names are case-insensitive.
            "NuGet" or "Packagist" or "Hex" => name.ToLowerInvariant(),
            _ => name,
        };
    }

    private static string Pep503(string name)
    {
        var builder = new StringBuilder(name.Length);
        var separator = false;
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.')
            {
                separator = true;
                continue;
            }

            if (separator && builder.Length > 0)
            {
                builder.Append('-');
            }

            separator = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
