using Tether.Vulnerabilities.Versions.Os;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Os;

/// <summary>
/// Tether's Debian ordering and validity against the real <c>dpkg --compare-versions</c> on generated pairs.
/// dpkg answers one relation per process, so each pair asks the one question Tether's answer implies
/// (<c>lt</c>, <c>eq</c> or <c>gt</c>: exit 0 confirms it; for a version Tether rejects, dpkg must exit 2, its error
/// code); a small shell loop per shard keeps it to one dpkg process per pair.
/// </summary>
public sealed class DpkgDifferentialTests
{
    private const string Dpkg = "/usr/bin/dpkg";
    private const int PairCount = 1600;

    // One line in, one exit code out. Warnings go to /dev/null: dpkg still compares those versions.
    private const string Loop = """
        while IFS=$'\t' read -r a b relation; do
          /usr/bin/dpkg --compare-versions -- "$a" "$relation" "$b" 2>/dev/null
          echo $?
        done
        """;

    [Fact]
    public async Task Debian_ordering_and_validity_match_dpkg_on_generated_pairs()
    {
        ReferenceTool.Require(Dpkg, "Debian package dpkg");
        var debian = new DebianVersionScheme();
        var corpus = VersionVectors.DistinctVersions("debian-versions.txt", "debian-versions-generated.txt");
        var pairs = new VersionPairGenerator(corpus, "~+.-:_aZ0é", seed: 20240817).Pairs(PairCount);
        var claims = pairs.Select(pair => Claim(debian, pair.A, pair.B)).ToList();

        // Process start-up dominates (about 5 ms a dpkg on an idle machine): spread the loop over the cores.
        var shardCount = Math.Max(2, Environment.ProcessorCount * 2);
        var shardSize = (pairs.Count + shardCount - 1) / shardCount;
        var shards = Enumerable.Range(0, shardCount).Select(shard =>
        {
            var lines = pairs.Zip(claims).Skip(shard * shardSize).Take(shardSize).Select(p => $"{p.First.A}\t{p.First.B}\t{p.Second}\n");
            return ReferenceTool.RunAsync("/bin/bash", ["-c", Loop], string.Concat(lines), TimeSpan.FromMinutes(2));
        });
        var exitCodes = (await Task.WhenAll(shards)).SelectMany(output => output.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.Equal(pairs.Count, exitCodes.Count);
        var mismatches = new List<string>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var expected = claims[i] == "invalid" ? "2" : "0";
            if (exitCodes[i] != expected)
            {
                mismatches.Add($"'{pairs[i].A}' '{pairs[i].B}': Tether says {claims[i]}, dpkg --compare-versions {claims[i]} exited {exitCodes[i]}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {pairs.Count} pairs differ from dpkg:\n{string.Join('\n', mismatches.Take(30))}");

        // The generator must reach both sides of every rule, or the test proves little.
        Assert.Contains("lt", claims);
        Assert.Contains("eq", claims);
        Assert.Contains("gt", claims);
        Assert.True(claims.Count(c => c == "invalid") > PairCount / 50, "too few invalid versions generated");
        Assert.True(claims.Count(c => c == "eq") > PairCount / 50, "too few equal pairs generated");
    }

    private static string Claim(DebianVersionScheme debian, string a, string b)
    {
        if (!debian.IsValid(a, out _) || !debian.IsValid(b, out _))
        {
            // dpkg checks both arguments; with "eq" a valid pair would exit 0 or 1, never 2.
            return "invalid";
        }

        var order = debian.Compare(a, b);
        return order < 0 ? "lt" : order > 0 ? "gt" : "eq";
    }
}
