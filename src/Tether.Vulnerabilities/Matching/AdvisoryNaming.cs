using Tether.Core.Advisories;

namespace Tether.Vulnerabilities.Matching;

/// <summary>
/// How each ecosystem's advisories name packages, and which advisory ecosystems a package's ecosystem meets.
/// <list type="bullet">
/// <item>Debian, Ubuntu, Alpine, Wolfi and Chainguard advisories name the <b>source</b> package (dpkg <c>Source:</c>,
/// apk origin) and its version: <c>libssl3</c> is matched as <c>openssl</c>. A package without a recorded source is its
/// own source, as in dpkg and apk.</item>
/// <item>RPM distributions' OSV records (Red Hat, AlmaLinux, Rocky, SUSE…) list binary packages; some databases key
/// by source RPM. Both are tried, the binary name first.</item>
/// <item>Language ecosystems name the package itself, folded where the registry ignores case (<see cref="PackageNames"/>).</item>
/// </list>
/// </summary>
public static class AdvisoryNaming
{
    private static readonly HashSet<string> SourceKeyed = new(StringComparer.Ordinal) { "Debian", "Ubuntu", "Alpine", "Wolfi", "Chainguard" };

    /// <summary>The (name, version, on-source) pairs to look up for a package, in order of preference.</summary>
    public static IEnumerable<(string Name, string Version, bool OnSource)> Lookups(MatchablePackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var ecosystem = PackageNames.EcosystemName(package.Ecosystem);
        if (SourceKeyed.Contains(ecosystem))
        {
            // Syft writes an apk's origin even when it is the package itself: that is no source match to report.
            yield return (package.SourceName ?? package.Name, package.SourceVersion ?? package.Version, package.SourceName is not null && package.SourceName != package.Name);
            yield break;
        }

        yield return (package.Name, package.Version, false);
        if (Core.Model.PackageFacts.IsDistro(package.Ecosystem) && package.SourceName is { } source && source != package.Name)
        {
            yield return (source, package.SourceVersion ?? package.Version, true);
        }
    }

    /// <summary>
    /// The stored advisory ecosystems a package of <paramref name="packageEcosystem"/> meets: the same one, and those it is a
    /// prefix of at a <c>:</c> boundary. Red Hat names repository streams (<c>Red Hat:enterprise_linux:9::appstream</c>)
    /// that an image cannot tell apart, so a package of <c>Red Hat:enterprise_linux:9</c> meets all of them. A package
    /// whose ecosystem lacks the release (<c>Debian</c>) meets only advisories that lack it too: guessing the release
    /// would report another release's fixes.
    /// </summary>
    public static IEnumerable<string> AdvisoryEcosystems(string packageEcosystem, IEnumerable<string> stored)
    {
        ArgumentNullException.ThrowIfNull(packageEcosystem);
        ArgumentNullException.ThrowIfNull(stored);
        var streams = IsRedHatRelease(packageEcosystem);
        return stored.Where(advisory => advisory == packageEcosystem
            || (streams && advisory.StartsWith(packageEcosystem + ":", StringComparison.Ordinal)));
    }

    /// <summary>The package ecosystems that meet an advisory ecosystem: itself and, for Red Hat streams, its prefixes.</summary>
    public static IEnumerable<string> PackageEcosystems(string advisoryEcosystem)
    {
        ArgumentNullException.ThrowIfNull(advisoryEcosystem);
        yield return advisoryEcosystem;
        for (var i = advisoryEcosystem.LastIndexOf(':'); i > 0; i = advisoryEcosystem.LastIndexOf(':', i - 1))
        {
            if (IsRedHatRelease(advisoryEcosystem[..i]))
            {
                yield return advisoryEcosystem[..i];
            }
        }
    }

    /// <summary><c>Red Hat:product:release</c> and longer: short of the release, streams of every release would meet.</summary>
    private static bool IsRedHatRelease(string ecosystem) =>
        PackageNames.EcosystemName(ecosystem) == "Red Hat" && ecosystem.Count(c => c == ':') >= 2;
}
