namespace Tether.Vulnerabilities.Versions;

/// <summary>
/// Finds the version scheme for an OSV ecosystem name, including release-qualified ones
/// (<c>Debian:12</c>, <c>Alpine:v3.18</c>, <c>Ubuntu:22.04:LTS</c>, <c>Red Hat:enterprise_linux:9</c>).
/// </summary>
public static class VersionSchemes
{
    /// <summary>Every scheme Tether implements; one line per scheme.</summary>
    private static readonly IVersionScheme[] All =
    [
        new Os.DebianVersionScheme(),
        new Os.AlpineVersionScheme(),
        new Os.RpmVersionScheme(),
        new Language.NpmVersionScheme(),
        new Language.PypiVersionScheme(),
        new Language.MavenVersionScheme(),
        new Language.NuGetVersionScheme(),
        new Language.GoVersionScheme(),
        new Language.CratesVersionScheme(),
        new Language.RubyGemsVersionScheme(),
        new Language.HackageVersionScheme(),
        new Language.CranVersionScheme(),
    ];

    /// <summary>OSV ecosystems that share another's ordering (the distro families).</summary>
    private static readonly Dictionary<string, string> Families = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Ubuntu"] = "Debian",
        ["Red Hat"] = "RPM",
        ["Rocky Linux"] = "RPM",
        ["AlmaLinux"] = "RPM",
        ["SUSE"] = "RPM",
        ["openSUSE"] = "RPM",
        ["Mageia"] = "RPM",
        ["Photon OS"] = "RPM",
        ["CBL-Mariner"] = "RPM",
        ["Azure Linux"] = "RPM",
        ["Wolfi"] = "Alpine",
        ["Chainguard"] = "Alpine",
    };

    private static readonly Dictionary<string, IVersionScheme> ByName =
        All.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<IVersionScheme> Schemes => All;

    /// <summary>The scheme for <paramref name="ecosystem"/>, or null when Tether has none (the caller says so).</summary>
    public static IVersionScheme? Find(string ecosystem)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        var colon = ecosystem.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? ecosystem : ecosystem[..colon];
        if (Families.TryGetValue(name, out var family))
        {
            name = family;
        }

        return ByName.GetValueOrDefault(name.Trim());
    }
}
