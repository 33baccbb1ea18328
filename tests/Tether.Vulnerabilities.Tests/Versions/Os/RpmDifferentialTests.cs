using System.Globalization;
using Tether.Vulnerabilities.Versions.Os;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Os;

/// <summary>
/// Tether's RPM ordering against rpm's own: each string is split by <c>rpm.ver</c> (rpm's rpmverParse) and the
/// pair ordered by <c>rpm.labelCompare</c> (which raises for an EVR without a version: Tether's invalid), in one
/// python3 process for all pairs.
/// </summary>
public sealed class RpmDifferentialTests
{
    // Debian's python3 (with python3-rpm from apt), not whatever python3 comes first on PATH.
    private const string Python = "/usr/bin/python3";
    private const int PairCount = 6000;

    private const string Script = """
        import sys
        try:
            import rpm
        except ImportError:
            sys.exit("python3-rpm is missing")
        def evr(text):
            v = rpm.ver(text)
            return (v.e, v.v, v.r)
        out = []
        for line in sys.stdin.read().split("\n"):
            if line:
                a, b = line.split("\t")
                try:
                    out.append(str(rpm.labelCompare(evr(a), evr(b))))
                except ValueError:
                    out.append("invalid")
        print("\n".join(out))
        """;

    [Fact]
    public async Task Rpm_ordering_matches_rpm_label_compare_on_generated_pairs()
    {
        ReferenceTool.Require(Python, "Debian package python3");
        var rpmVersions = new RpmVersionScheme();
        var corpus = VersionVectors.DistinctVersions("redhat-versions.txt", "debian-versions.txt", "debian-versions-generated.txt");
        var pairs = new VersionPairGenerator(corpus, "~^+._-:aZ0α", seed: 20240818).Pairs(PairCount);
        string output;
        try
        {
            output = await ReferenceTool.RunAsync(Python, ["-c", Script], string.Concat(pairs.Select(p => $"{p.A}\t{p.B}\n")), TimeSpan.FromMinutes(1));
        }
        catch (InvalidOperationException missing) when (missing.Message.Contains("python3-rpm is missing", StringComparison.Ordinal))
        {
            Assert.Fail($"python3-rpm is missing: {ReferenceTool.InstallHint}.");
            return;
        }

        var answers = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pairs.Count, answers.Length);
        var mismatches = new List<string>();
        var seen = new HashSet<string>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (a, b) = pairs[i];
            var tether = rpmVersions.IsValid(a, out _) && rpmVersions.IsValid(b, out _)
                ? Math.Sign(rpmVersions.Compare(a, b)).ToString(CultureInfo.InvariantCulture)
                : "invalid";
            seen.Add(answers[i]);
            if (tether != answers[i])
            {
                mismatches.Add($"'{a}' '{b}': Tether {tether}, rpm.labelCompare {answers[i]}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {pairs.Count} pairs differ from rpm:\n{string.Join('\n', mismatches.Take(30))}");
        Assert.Equal(["-1", "0", "1", "invalid"], seen.Order(StringComparer.Ordinal));
    }
}
