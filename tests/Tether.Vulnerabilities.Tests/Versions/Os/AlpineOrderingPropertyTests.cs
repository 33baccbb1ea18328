using Tether.Vulnerabilities.Versions.Os;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Os;

/// <summary>
/// No apk runs on Debian, so beyond the vector files the Alpine ordering is held to what any ordering must be:
/// over generated valid versions it is antisymmetric, reflexive and transitive, so sorting is well defined.
/// </summary>
public sealed class AlpineOrderingPropertyTests
{
    [Fact]
    public void Alpine_ordering_is_a_total_order_over_generated_versions()
    {
        var alpine = new AlpineVersionScheme();
        var corpus = VersionVectors.DistinctVersions("alpine-versions.txt", "alpine-versions-generated.txt")
            .Where(v => alpine.IsValid(v, out _)).ToList();
        var generated = new VersionPairGenerator(corpus, "._-~ra0pz", seed: 20240819).Pairs(3000)
            .SelectMany(pair => new[] { pair.A, pair.B })
            .Where(v => alpine.IsValid(v, out _))
            .Distinct(StringComparer.Ordinal)
            .Take(400)
            .ToList();
        Assert.True(generated.Count >= 300, $"only {generated.Count} valid generated versions");

        var failures = new List<string>();
        foreach (var a in generated)
        {
            if (alpine.Compare(a, a) != 0)
            {
                failures.Add($"{a} != itself");
            }

            foreach (var b in generated)
            {
                if (Math.Sign(alpine.Compare(a, b)) != -Math.Sign(alpine.Compare(b, a)))
                {
                    failures.Add($"{a} vs {b} is not antisymmetric");
                }
            }
        }

        // Sorted with the ordering, every later version must compare >= every earlier one (transitivity).
        var sorted = generated.Order(Comparer<string>.Create(alpine.Compare)).ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            for (var j = i + 1; j < sorted.Count; j++)
            {
                if (alpine.Compare(sorted[i], sorted[j]) > 0)
                {
                    failures.Add($"{sorted[i]} sorts before {sorted[j]} but compares greater");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }
}
