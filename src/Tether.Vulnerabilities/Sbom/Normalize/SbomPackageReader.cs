using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Vulnerabilities.Sbom.Normalize;

/// <summary>
/// Parsed components to <see cref="SbomPackage"/>s. The purl is the identity: when the version field disagrees with
/// the purl's version the purl wins (Trivy's own SPDX test fixtures disagree so) and a note says how many did.
/// A component listed twice in the same layer is one package.
/// </summary>
public static class SbomPackageReader
{
    private const int Examples = 3;

    public static SbomPackageList Read(SbomDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var notes = new List<string>(document.Notes);
        var packages = new List<SbomPackage>();
        var seen = new HashSet<(string Key, string? Layer)>();
        var unversioned = new List<string>();
        var disagreeing = new List<string>();
        var problems = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var notOsv = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var component in document.Components)
        {
            var identity = OsvEcosystems.Resolve(component.Purl, component.Version, document.OperatingSystem, out var problem);
            if (identity is null)
            {
                unversioned.Add($"{component.Path} {component.Purl.Text}");
                continue;
            }

            if (problem is not null)
            {
                Add(problems, problem, component.Purl.Text);
            }

            if (!identity.IsOsv)
            {
                notOsv[identity.Ecosystem] = notOsv.GetValueOrDefault(identity.Ecosystem) + 1;
            }

            if (component.Version is { } declared && component.Purl.Version is { } fromPurl && !SameVersion(declared, fromPurl))
            {
                disagreeing.Add($"{component.Name ?? component.Purl.Name}: version {declared}, purl {fromPurl}");
            }

            if (!seen.Add((identity.Ecosystem + "|" + identity.Name + "|" + identity.Version, component.LayerDiffId)))
            {
                continue;
            }

            var (sourceName, sourceVersion) = SourcePackages.Of(component);
            packages.Add(new SbomPackage(
                identity.Ecosystem,
                identity.Name,
                identity.Version,
                component.Purl.Text,
                component.Purl.Type == "alpine" ? "apk" : component.Purl.Type,
                sourceName,
                sourceVersion,
                component.LayerDiffId,
                component.Licenses)
            {
                IsOsvEcosystem = identity.IsOsv,
            });
        }

        if (unversioned.Count > 0)
        {
            notes.Add($"{unversioned.Count} package(s) have no version in their purl or version field and were skipped: {Sample(unversioned)}.");
        }

        foreach (var (problem, purls) in problems)
        {
            notes.Add($"{purls.Count} package(s) {problem}: {Sample(purls)}.");
        }

        foreach (var (ecosystem, count) in notOsv)
        {
            notes.Add($"{count} package(s) are keyed by ecosystem '{ecosystem}', which OSV does not define; no OSV advisory names it.");
        }

        if (disagreeing.Count > 0)
        {
            notes.Add($"{disagreeing.Count} package(s) have a version field that disagrees with their purl; the purl's version was used: {Sample(disagreeing)}.");
        }

        return new SbomPackageList(
            document.Source, document.DocumentDigest, document.Format, document.SpecVersion, document.Producer, document.Image,
            document.OperatingSystem, packages, notes);
    }

    /// <summary>Equal once an epoch is ignored: Trivy's CycloneDX moves the epoch from the version to a purl qualifier.</summary>
    private static bool SameVersion(string a, string b) => WithoutEpoch(a) == WithoutEpoch(b);

    private static string WithoutEpoch(string version) =>
        version.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && version[..colon].All(char.IsAsciiDigit) ? version[(colon + 1)..] : version;

    private static void Add(Dictionary<string, List<string>> map, string key, string value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }

    private static string Sample(List<string> items) =>
        string.Join("; ", items.Take(Examples)) + (items.Count > Examples ? $"; and {items.Count - Examples} more" : "");
}
