using Tether.Vulnerabilities.Matching;
using Xunit;
using Xunit.Abstractions;
using OsTool = Tether.Vulnerabilities.Tests.Versions.Os.ReferenceTool;

namespace Tether.Vulnerabilities.Tests.Matching;

/// <summary>
/// <see cref="PackageMatcher"/> on the 245 real Debian 12 records derived from the packages' changelogs (keyed by source
/// package, <c>introduced 0</c> / <c>fixed V</c>), against binary packages, with <c>dpkg --compare-versions</c> deciding
/// every (package, record) pair: affected exactly when the source version is below the record's fix. The set of
/// (package, CVE) pairs must be the oracle's, each naming the source package and the record's fixed version.
/// </summary>
public sealed class DebianChangelogMatchingTests(ITestOutputHelper output)
{
    private const string Debian12 = "Debian:12";

    /// <summary>
    /// Binary packages Debian 12 builds from each source the records name. A binary named like its source has no
    /// recorded source (dpkg writes no <c>Source:</c> field then), so it is looked up by its own name.
    /// </summary>
    private static readonly Dictionary<string, string[]> Binaries = new(StringComparer.Ordinal)
    {
        ["openssl"] = ["libssl3", "openssl"],
        ["glibc"] = ["libc6", "libc-bin"],
        ["gnutls28"] = ["libgnutls30"],
        ["systemd"] = ["libsystemd0", "libudev1"],
        ["perl"] = ["perl-base"],
        ["gzip"] = ["gzip"],
        ["nettle"] = ["libnettle8", "libhogweed6"],
        ["libgcrypt20"] = ["libgcrypt20"],
        ["libcap2"] = ["libcap2", "libcap2-bin"],
        ["libsepol"] = ["libsepol2"],
        ["util-linux"] = ["bsdutils", "libmount1"],
        ["bzip2"] = ["libbz2-1.0"],
        ["ncurses"] = ["libtinfo6", "ncurses-bin"],
        ["lz4"] = ["liblz4-1"],
        ["e2fsprogs"] = ["e2fsprogs", "libcom-err2"],
        ["xz-utils"] = ["liblzma5"],
        ["p11-kit"] = ["libp11-kit0"],
        ["shadow"] = ["passwd", "login"],
        ["zlib"] = ["zlib1g"],
        ["tar"] = ["tar"],
        ["libtasn1-6"] = ["libtasn1-6"],
        ["libidn2-0"] = ["libidn2-0"],
        ["acl"] = ["libacl1"],
        ["gnupg2"] = ["gpgv"],
        ["db5.3"] = ["libdb5.3"],
        ["libseccomp"] = ["libseccomp2"],
        ["sed"] = ["sed"],
        ["gmp"] = ["libgmp10"],
        ["gcc-12"] = ["libgcc-s1", "gcc-12-base"],
        ["pam"] = ["libpam0g", "libpam-modules"],
    };

    private static string Folder => AdvisoryDatabase.Osv("debian12-changelog");

    private static IReadOnlyList<OracleEntry> Entries() => OsvOracle.Read(Directory.EnumerateFiles(Folder, "*.json"));

    [Fact]
    public async Task Binary_packages_match_their_source_records_exactly_where_dpkg_puts_the_version_below_the_fix()
    {
        var entries = Entries();
        Assert.Equal(247, entries.Count); // 245 records; DEBIAN-CVE-2024-12133 and DEBIAN-CVE-2022-1271 name two sources each
        Assert.All(entries, e => Assert.Equal((Debian12, "0", null), (e.Ecosystem, Assert.Single(e.Intervals).Introduced, e.Intervals[0].LastAffected)));
        var bySource = entries.GroupBy(e => e.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Assert.Equal(Binaries.Keys.Order(StringComparer.Ordinal), bySource.Keys.Order(StringComparer.Ordinal));

        // dpkg runs one process per question: the sources are spread over one shell per core, largest first.
        var oracleWatch = System.Diagnostics.Stopwatch.StartNew();
        var shells = Math.Max(2, Environment.ProcessorCount);
        var shares = await Task.WhenAll(bySource.OrderByDescending(s => s.Value.Count).Select((source, i) => (source, i))
            .GroupBy(x => x.i % shells, x => x.source)
            .Select(async share =>
            {
                await using var dpkg = DpkgOracle.Start();
                var cases = new List<SourceCase>();
                foreach (var (source, sourceEntries) in share)
                {
                    cases.Add(await CaseAsync(dpkg, source, sourceEntries));
                }

                return (Cases: cases, dpkg.Questions);
            }));
        oracleWatch.Stop();
        var cases = shares.SelectMany(s => s.Cases).ToList();
        var packages = cases.SelectMany(c => c.Packages).ToList();
        var expected = cases.SelectMany(c => c.Expected).ToList();
        var pairs = cases.Sum(c => c.Pairs);
        var questions = shares.Sum(s => s.Questions);

        // Packages of sources no record names meet no entry.
        packages.Add(Package("bash", "5.2.15-2+b8", "bash", "5.2.15-2"));
        packages.Add(Package("coreutils", "9.1-1", null, null));
        Assert.Equal(packages.Count, packages.Select(p => p.Key).Distinct(StringComparer.Ordinal).Count());

        await using var database = await AdvisoryDatabase.WithAsync(Folder);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await database.MatchAsync(packages);
        watch.Stop();

        OsvOracle.AssertSame(expected, outcome, "dpkg --compare-versions");
        Assert.Equal((packages.Count, 0), (outcome.Packages, outcome.PackagesWithoutAdvisories));
        Assert.Empty(outcome.Warnings);
        Assert.Equal(pairs, outcome.Evaluations); // one record per CVE: every pair the oracle decided was evaluated once
        Assert.All(outcome.Matches, m => Assert.Equal(
            (m.Package.SourceName is not null, m.Package.SourceVersion ?? m.Package.Version),
            (m.OnSource, m.MatchedVersion)));

        // Both answers must be common, or agreement would prove little.
        Assert.InRange(expected.Count, pairs / 5, pairs - (pairs / 5));
        output.WriteLine(
            $"{packages.Count} packages, {pairs} (package, record) pairs decided by dpkg ({questions} dpkg runs, {oracleWatch.Elapsed.TotalSeconds:F1} s): "
            + $"{expected.Count} affected; PackageMatcher {watch.ElapsedMilliseconds} ms, {outcome.Evaluations} evaluations");
    }

    [DpkgQueryFact]
    public async Task The_packages_installed_on_this_machine_match_exactly_where_dpkg_puts_their_source_version_below_the_fix()
    {
        var listing = await OsTool.RunAsync(
            DpkgQueryFactAttribute.DpkgQuery,
            ["-W", "-f", "${db:Status-Status}\t${Package}\t${Version}\t${source:Package}\t${source:Version}\n"],
            "",
            TimeSpan.FromSeconds(30));
        var installed = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(f => f[0] == "installed")
            .Select(f => Package(f[1], f[2], f[3] == f[1] ? null : f[3], f[4] == f[2] ? null : f[4]))
            .DistinctBy(p => p.Key)
            .ToList();
        Assert.NotEmpty(installed);

        var entries = Entries();
        var fixes = entries.ToLookup(e => e.Name, e => e.Intervals[0].Fixed!, StringComparer.Ordinal);
        var questions = installed.SelectMany(p => fixes[p.SourceName ?? p.Name].Select(f => (A: p.SourceVersion ?? p.Version, B: f)))
            .Distinct().ToList();
        var answers = await DpkgOracle.LessManyAsync(questions);
        var less = questions.Zip(answers).ToDictionary(x => x.First, x => x.Second);

        // The oracle only asks "installed < fixed": the answer dpkg gave is all it uses.
        var expected = OsvOracle.Expected(installed, entries, sourceKeyed: true, (a, b) => a == b ? 0 : less[(a, b)] ? -1 : 1, out var pairs);

        await using var database = await AdvisoryDatabase.WithAsync(Folder);
        var outcome = await database.MatchAsync(installed);

        OsvOracle.AssertSame(expected, outcome, "dpkg --compare-versions on this machine's dpkg-query listing");
        Assert.Empty(outcome.Warnings);
        Assert.Equal(0, outcome.PackagesWithoutAdvisories);

        // Every Debian 12 system has glibc, so some records always apply.
        Assert.True(pairs >= 40, $"only {pairs} (package, record) pairs: the listing lacks the usual Debian packages");
        output.WriteLine($"{installed.Count} installed packages, {pairs} (package, record) pairs, {questions.Count} dpkg runs: {expected.Count} affected");
        foreach (var line in OsvOracle.Lines(expected))
        {
            output.WriteLine(line);
        }
    }

    /// <summary>One source's packages and what dpkg says they are affected by.</summary>
    private sealed record SourceCase(IReadOnlyList<MatchablePackage> Packages, IReadOnlyList<OracleMatch> Expected, int Pairs);

    /// <summary>The binaries of <paramref name="source"/> at its fixed versions and their neighbours, decided by dpkg.</summary>
    private static async Task<SourceCase> CaseAsync(DpkgOracle dpkg, string source, IReadOnlyList<OracleEntry> entries)
    {
        var fixes = entries.Select(e => e.Intervals[0].Fixed!).Distinct(StringComparer.Ordinal).ToList();
        var near = Neighbours(fixes).ToList();
        var packages = fixes.Concat(near.Select(n => n.Version)).Distinct(StringComparer.Ordinal)
            .SelectMany(version => Packages(source, version)).ToList();
        var order = await dpkg.OrderAsync(fixes, near);
        var expected = OsvOracle.Expected(packages, entries, sourceKeyed: true, (a, b) => a == b ? 0 : order.Less(a, b) ? -1 : 1, out var pairs);
        return new SourceCase(packages, expected, pairs);
    }

    /// <summary>
    /// For each of the records' fixed versions, a version just below it (<c>V~</c>), one just above (<c>V+b1</c>, a binNMU)
    /// and, when it has an epoch, the same without it (a scanner that drops epochs reports a much lower version); each
    /// with the fix it comes from.
    /// </summary>
    private static IEnumerable<(string Version, string From)> Neighbours(IReadOnlyList<string> fixes) =>
        fixes.SelectMany(f => new[] { f + "~", f + "+b1" }
            .Concat(f.Contains(':', StringComparison.Ordinal) ? [f[(f.IndexOf(':', StringComparison.Ordinal) + 1)..]] : [])
            .Select(v => (v, f)));

    /// <summary>
    /// The binaries of <paramref name="source"/> at source version <paramref name="version"/>. util-linux's bsdutils carries an
    /// epoch its source lacks (<c>1:2.38.1-5+deb12u3</c> from util-linux <c>2.38.1-5+deb12u3</c>): only the source version
    /// compares right. The first binary also comes as a binNMU rebuild (<c>V+b2</c> of source <c>V</c>).
    /// </summary>
    private static IEnumerable<MatchablePackage> Packages(string source, string version)
    {
        var binaries = Binaries[source];
        foreach (var binary in binaries)
        {
            var sourceName = binary == source ? null : source;
            yield return binary == "bsdutils"
                ? Package(binary, "1:" + version, sourceName, version)
                : Package(binary, version, sourceName, null);
        }

        yield return Package(binaries[0], version + "+b2", binaries[0] == source ? null : source, version);
    }

    private static MatchablePackage Package(string name, string version, string? source, string? sourceVersion) =>
        new(OsvOracle.Key(Debian12, name, version), Debian12, name, version) { SourceName = source, SourceVersion = sourceVersion };
}
