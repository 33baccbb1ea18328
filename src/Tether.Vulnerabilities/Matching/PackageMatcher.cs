using Tether.Core.Advisories;
using Tether.Vulnerabilities.Versions;

namespace Tether.Vulnerabilities.Matching;

/// <summary>
/// Matches package versions against the advisory database: per advisory ecosystem, one set-oriented lookup of every
/// name involved, then <see cref="AffectedEvaluator"/> on each affected entry with the ecosystem's exact version
/// ordering. One match per (package, vulnerability): the first affected entry in (advisory id, entry) order decides,
/// so a DSA and a DEBIAN-CVE record of the same CVE yield one finding. Reads only; storing is the caller's.
/// </summary>
public sealed class PackageMatcher(IAdvisoryStore advisories)
{
    /// <summary>Names per lookup round trip; the store chunks further.</summary>
    private const int NamesPerLookup = 5_000;

    public async Task<MatchOutcome> MatchAsync(IReadOnlyCollection<MatchablePackage> packages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var stored = await advisories.ListEcosystemsAsync(cancellationToken).ConfigureAwait(false);
        var warnings = new Dictionary<string, int>(StringComparer.Ordinal);
        var matches = new List<PackageMatch>();
        long evaluations = 0;
        var withoutAdvisories = 0;

        foreach (var byEcosystem in packages.GroupBy(p => p.Ecosystem, StringComparer.Ordinal))
        {
            var targets = AdvisoryNaming.AdvisoryEcosystems(byEcosystem.Key, stored).ToList();
            if (targets.Count == 0)
            {
                withoutAdvisories += byEcosystem.Count();
                continue;
            }

            var found = new Dictionary<string, Dictionary<string, PackageMatch>>(StringComparer.Ordinal);
            foreach (var target in targets)
            {
                var scheme = VersionSchemes.Find(target);
                if (scheme is null)
                {
                    Count(warnings, $"no version ordering for ecosystem {target}: its advisories are not matched", byEcosystem.Count());
                    continue;
                }

                var entries = await EntriesByNameAsync(target, byEcosystem, cancellationToken).ConfigureAwait(false);
                foreach (var package in byEcosystem)
                {
                    foreach (var (name, version, onSource) in AdvisoryNaming.Lookups(package))
                    {
                        if (!entries.TryGetValue(PackageNames.Key(target, name), out var candidates))
                        {
                            continue;
                        }

                        if (!scheme.IsValid(version, out var invalid))
                        {
                            Count(warnings, $"{package.Key}: {invalid}; not matched against {target}", 1);
                            continue;
                        }

                        var perPackage = found.TryGetValue(package.Key, out var existing) ? existing : found[package.Key] = new(StringComparer.Ordinal);
                        foreach (var entry in candidates)
                        {
                            if (perPackage.ContainsKey(entry.VulnerabilityId))
                            {
                                continue;
                            }

                            evaluations++;
                            var decision = AffectedEvaluator.Evaluate(scheme, version, entry.Package.Ranges, entry.Package.Versions);
                            foreach (var warning in decision.Warnings ?? [])
                            {
                                Count(warnings, $"{entry.AdvisoryId}: {warning}", 1);
                            }

                            if (decision.Affected)
                            {
                                perPackage[entry.VulnerabilityId] = new PackageMatch(package, entry, decision)
                                {
                                    MatchedOn = name,
                                    MatchedVersion = version,
                                    OnSource = onSource,
                                };
                            }
                        }
                    }
                }
            }

            matches.AddRange(found.Values.SelectMany(perPackage => perPackage.Values));
        }

        return new MatchOutcome(matches, warnings)
        {
            Packages = packages.Count,
            Evaluations = evaluations,
            PackagesWithoutAdvisories = withoutAdvisories,
        };
    }

    /// <summary>Affected entries of <paramref name="ecosystem"/> for every name the packages are looked up by, keyed by folded name.</summary>
    private async Task<Dictionary<string, List<AffectedEntry>>> EntriesByNameAsync(
        string ecosystem, IEnumerable<MatchablePackage> packages, CancellationToken cancellationToken)
    {
        var names = packages.SelectMany(p => AdvisoryNaming.Lookups(p).Select(l => l.Name)).Distinct(StringComparer.Ordinal).ToList();
        var result = new Dictionary<string, List<AffectedEntry>>(StringComparer.Ordinal);
        foreach (var chunk in names.Chunk(NamesPerLookup))
        {
            foreach (var entry in await advisories.GetAffectedAsync(ecosystem, chunk, cancellationToken).ConfigureAwait(false))
            {
                var key = PackageNames.Key(ecosystem, entry.Package.Name ?? "");
                (result.TryGetValue(key, out var list) ? list : result[key] = []).Add(entry);
            }
        }

        return result;
    }

    /// <summary>Distinct warnings kept; beyond, they are counted under one line so hostile data cannot grow memory.</summary>
    private const int DistinctWarnings = 1_000;

    private static void Count(Dictionary<string, int> warnings, string warning, int count)
    {
        if (warnings.Count >= DistinctWarnings && !warnings.ContainsKey(warning))
        {
            warning = "other warnings";
        }

        warnings[warning] = warnings.GetValueOrDefault(warning) + count;
    }
}
