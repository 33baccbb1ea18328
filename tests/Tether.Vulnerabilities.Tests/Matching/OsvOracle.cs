using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tether.Core.Model;
using Tether.Vulnerabilities.Matching;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Matching;

/// <summary>One <c>introduced</c> … <c>fixed</c> / <c>last_affected</c> interval of an OSV range, as the record lists it.</summary>
internal sealed record OracleInterval(string Introduced, string? Fixed, string? LastAffected);

/// <summary>One <c>affected[]</c> entry of a record, read straight from its JSON (not through Tether's parser).</summary>
internal sealed record OracleEntry(
    string RecordId, string VulnerabilityId, int Index, string Ecosystem, string Name, IReadOnlyList<OracleInterval> Intervals, IReadOnlyList<string> Versions)
{
    /// <summary>The record is withdrawn: it affects nothing.</summary>
    public bool Withdrawn { get; init; }
}

/// <summary>What the oracle says one package is affected by: the deciding record and the bound that closes its interval.</summary>
internal sealed record OracleMatch(string PackageKey, string VulnerabilityId, string RecordId, string MatchedOn, string? Fixed, string? LastAffected);

/// <summary>
/// The OSV range semantics written out plainly, independently of <see cref="AffectedEvaluator"/>: a version is affected by
/// an entry when the entry lists it, or when for some interval <c>introduced ≤ v</c> (<c>"0"</c> is below everything),
/// <c>v &lt; fixed</c> and <c>v ≤ last_affected</c>. Intervals are read in file order: each <c>introduced</c> opens one,
/// the next <c>fixed</c> or <c>last_affected</c> closes it — the layout every record used here has (asserted). Versions are
/// ordered by a reference implementation only (a <c>compare</c> function: &lt;0, 0, &gt;0, or null when it rejects
/// the installed version). One match per (package, vulnerability): the first affected entry by (record id, entry index).
/// </summary>
internal static partial class OsvOracle
{
    /// <summary>The affected entries of the records in these files, withdrawn ones flagged.</summary>
    public static IReadOnlyList<OracleEntry> Read(IEnumerable<string> files)
    {
        var entries = new List<OracleEntry>();
        foreach (var file in files)
        {
            var record = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var id = (string)record["id"]!;
            var cve = (record["aliases"]?.AsArray() ?? []).Concat(record["upstream"]?.AsArray() ?? [])
                .Select(a => (string)a!).FirstOrDefault(a => a.StartsWith("CVE-", StringComparison.Ordinal));
            var affected = record["affected"]!.AsArray();
            for (var index = 0; index < affected.Count; index++)
            {
                var entry = affected[index]!;
                if (entry["package"] is not { } package)
                {
                    continue;
                }

                var intervals = new List<OracleInterval>();
                foreach (var range in entry["ranges"]?.AsArray() ?? [])
                {
                    if ((string)range!["type"]! == "GIT")
                    {
                        continue;
                    }

                    intervals.AddRange(Intervals(id, range["events"]!.AsArray()));
                }

                var versions = (entry["versions"]?.AsArray() ?? []).Select(v => (string)v!).ToList();
                entries.Add(new OracleEntry(id, cve ?? id, index, (string)package["ecosystem"]!, (string)package["name"]!, intervals, versions)
                {
                    Withdrawn = record["withdrawn"] is not null,
                });
            }
        }

        return entries;
    }

    /// <summary>
    /// The expected matches of <paramref name="packages"/>: every entry of the package's ecosystem that names the package
    /// (the source package for <paramref name="sourceKeyed"/> distros, with the source version), evaluated with
    /// <paramref name="compare"/>. Counts the (package, entry) pairs the oracle decided in <paramref name="pairs"/>.
    /// </summary>
    public static IReadOnlyList<OracleMatch> Expected(
        IEnumerable<MatchablePackage> packages, IReadOnlyList<OracleEntry> entries, bool sourceKeyed, Func<string, string, int?> compare, out int pairs)
    {
        pairs = 0;
        var byName = entries.Where(e => !e.Withdrawn).GroupBy(e => (e.Ecosystem, Fold(e.Ecosystem, e.Name))).ToDictionary(g => g.Key, g => g.ToList());
        var expected = new List<OracleMatch>();
        foreach (var package in packages)
        {
            var name = sourceKeyed ? package.SourceName ?? package.Name : package.Name;
            var version = sourceKeyed ? package.SourceVersion ?? package.Version : package.Version;
            if (!byName.TryGetValue((package.Ecosystem, Fold(package.Ecosystem, name)), out var candidates))
            {
                continue;
            }

            var decided = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in candidates.OrderBy(e => e.RecordId, StringComparer.Ordinal).ThenBy(e => e.Index))
            {
                pairs++;
                if (decided.Contains(entry.VulnerabilityId) || Affected(entry, version, compare) is not { } interval)
                {
                    continue;
                }

                decided.Add(entry.VulnerabilityId);
                expected.Add(new OracleMatch(package.Key, entry.VulnerabilityId, entry.RecordId, name, interval.Fixed, interval.LastAffected));
            }
        }

        return expected;
    }

    /// <summary>The interval holding <paramref name="version"/>, else for a listed version one without bounds, else null.</summary>
    public static OracleInterval? Affected(OracleEntry entry, string version, Func<string, string, int?> compare)
    {
        if (compare(version, version) is null)
        {
            return null;
        }

        // A range also says where the fix is; a listed version alone does not.
        return entry.Intervals.FirstOrDefault(i =>
                (i.Introduced == "0" || compare(version, i.Introduced) >= 0)
                && (i.Fixed is null || compare(version, i.Fixed) < 0)
                && (i.LastAffected is null || compare(version, i.LastAffected) <= 0))
            ?? (entry.Versions.Any(listed => compare(version, listed) == 0) ? new OracleInterval("0", null, null) : null);
    }

    /// <summary>Every version string an entry names: introduced (but "0"), fixed, last_affected and listed versions.</summary>
    public static IEnumerable<string> Bounds(OracleEntry entry) =>
        entry.Intervals.SelectMany(i => new[] { i.Introduced, i.Fixed, i.LastAffected })
            .OfType<string>().Where(v => v != "0").Concat(entry.Versions);

    /// <summary>Package names as the registry compares them: PyPI per PEP 503, NuGet without case, the rest exactly.</summary>
    public static string Fold(string ecosystem, string name) => ecosystem switch
    {
        "PyPI" => SeparatorRun().Replace(name, "-").ToLowerInvariant(),
        "NuGet" => name.ToLowerInvariant(),
        _ => name,
    };

    /// <summary>The oracle's matches and the matcher's, as comparable lines.</summary>
    public static IReadOnlyList<string> Lines(IEnumerable<OracleMatch> matches) =>
        [.. matches.Select(m => $"{m.PackageKey} {m.VulnerabilityId} {m.RecordId} on {m.MatchedOn} fixed {m.Fixed ?? "-"} last {m.LastAffected ?? "-"}").Order(StringComparer.Ordinal)];

    public static IReadOnlyList<string> Lines(MatchOutcome outcome) =>
        Lines(outcome.Matches.Select(m => new OracleMatch(m.Package.Key, m.VulnerabilityId, m.Entry.AdvisoryId, m.MatchedOn, m.Decision.Fixed, m.Decision.LastAffected)));

    /// <summary>Asserts the two sets are equal, listing what each has that the other lacks.</summary>
    public static void AssertSame(IReadOnlyList<OracleMatch> expected, MatchOutcome outcome, string oracle)
    {
        var want = Lines(expected);
        var got = Lines(outcome);
        var missing = want.Except(got, StringComparer.Ordinal).ToList();
        var extra = got.Except(want, StringComparer.Ordinal).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0 && want.Count == got.Count,
            $"PackageMatcher differs from {oracle}: {missing.Count} missing, {extra.Count} extra (of {want.Count} expected)\n"
            + string.Join('\n', missing.Take(20).Select(m => "missing: " + m).Concat(extra.Take(20).Select(e => "extra:   " + e))));
    }

    public static string Key(string ecosystem, string name, string version) => PackageFacts.KeyOf(ecosystem, name, version);

    private static IEnumerable<OracleInterval> Intervals(string id, JsonArray events)
    {
        string? introduced = null;
        foreach (var e in events.Select(e => e!.AsObject().Single()))
        {
            var value = (string)e.Value!;
            switch (e.Key)
            {
                case "introduced":
                    if (introduced is not null)
                    {
                        yield return new OracleInterval(introduced, null, null);
                    }

                    introduced = value;
                    break;
                case "fixed" or "last_affected":
                    Assert.True(introduced is not null, $"{id}: {e.Key} {value} closes no introduced event");
                    yield return new OracleInterval(introduced, e.Key == "fixed" ? value : null, e.Key == "last_affected" ? value : null);
                    introduced = null;
                    break;
                default:
                    Assert.Fail($"{id}: event {e.Key} is not in the oracle's vocabulary");
                    break;
            }
        }

        if (introduced is not null)
        {
            yield return new OracleInterval(introduced, null, null);
        }
    }

    [GeneratedRegex("[-_.]+")]
    private static partial Regex SeparatorRun();
}
