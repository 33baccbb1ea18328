using Tether.Cli.Commands;
using Tether.Vulnerabilities.Versions;
using Tether.Vulnerabilities.Versions.Os;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Os;

public sealed class AlpineVersionSchemeTests
{
    private readonly AlpineVersionScheme alpine = new();

    [Fact]
    public void Suffixes_order_pre_releases_before_the_release_and_its_revisions_and_patches_after_them()
    {
        string[] ascending =
        [
            "1.0_alpha", "1.0_alpha1", "1.0_beta", "1.0_pre2", "1.0_rc1", "1.0_rc10", "1.0", "1.0-r1",
            "1.0_cvs", "1.0_svn", "1.0_git20240101", "1.0_hg", "1.0_p1", "1.0_p2", "1.0a", "1.0.1",
        ];
        for (var i = 0; i < ascending.Length; i++)
        {
            for (var j = 0; j < ascending.Length; j++)
            {
                Assert.True(
                    Math.Sign(alpine.Compare(ascending[i], ascending[j])) == i.CompareTo(j),
                    $"{ascending[i]} vs {ascending[j]}: {alpine.Compare(ascending[i], ascending[j])}");
            }
        }
    }

    [Theory]
    [InlineData("1.045", "<", "1.05")]
    [InlineData("1.05", "<", "1.1")]
    [InlineData("1.0", "<", "1.00")]
    [InlineData("006", ">", "1.0.0")]
    [InlineData("1.2.10", ">", "1.2.9")]
    public void A_component_with_a_leading_zero_compares_as_text_but_the_first_as_a_number(string a, string op, string b) => AssertOrder(a, op, b);

    [Theory]
    [InlineData("1.0-r1", ">", "1.0")]
    [InlineData("1.0-r10", ">", "1.0-r9")]
    [InlineData("1-r", "=", "1-r0")]
    [InlineData("1.0_p1-r0", ">", "1.0-r5")]
    public void The_revision_orders_builds_of_the_same_version(string a, string op, string b) => AssertOrder(a, op, b);

    [Theory]
    [InlineData("1.0~abc", ">", "1.0")]
    [InlineData("1.0~abc1", "<", "1.0~abd")]
    [InlineData("1.0~abc-r1", ">", "1.0~abc")]
    [InlineData("1.0_rc1~abc", "<", "1.0")]
    [InlineData("1.0_p1", ">", "1.0~abc")]
    public void A_commit_hash_sorts_as_text_after_the_suffixes_and_before_the_revision(string a, string op, string b) => AssertOrder(a, op, b);

    [Fact]
    public void Numbers_wrap_at_64_bits_as_apk_reads_them()
    {
        // apk-tools reads digit runs into a uint64_t without an overflow check; 2^64 + 1 is 1 to apk.
        Assert.Equal(0, alpine.Compare("1-r18446744073709551617", "1-r1"));
    }

    [Theory]
    [InlineData("", "version string is empty")]
    [InlineData("v1.0", "does not start with a digit")]
    [InlineData("1.0_blah", "unknown suffix '_blah' at offset 3 (apk knows alpha, beta, pre, rc, cvs, svn, git, hg, p)")]
    [InlineData("1.0-1", "'-' at offset 3 does not start a revision '-rN'")]
    [InlineData("1.0~", "'~' at offset 3 is not followed by a lowercase hex commit hash")]
    [InlineData("1.0~ABC", "'~' at offset 3 is not followed by a lowercase hex commit hash")]
    [InlineData("1.0~ab~cd", "'~' at offset 6 cannot follow the commit hash")]
    [InlineData("1.0-r1~ab", "'~' at offset 6 cannot follow the revision")]
    [InlineData("6.6.2p1", "'1' at offset 6 cannot follow the letter 'p'")]
    [InlineData("1.0bc", "'c' at offset 4 cannot follow the letter 'b'")]
    [InlineData("1.0-r1-r2", "'-' at offset 6 cannot follow the revision")]
    [InlineData("1.0A", "character 'A' at offset 3 is not allowed (apk versions are digits{.digits}[letter]{_suffix[N]}[~hash][-rN])")]
    [InlineData("1.0+1", "character '+' at offset 3 is not allowed (apk versions are digits{.digits}[letter]{_suffix[N]}[~hash][-rN])")]
    [InlineData("1\u0000", "NUL character at offset 1")]
    public void Versions_apk_rejects_are_invalid_with_the_reason(string version, string reason)
    {
        Assert.False(alpine.IsValid(version, out var error));
        Assert.Equal(reason, error);
        var thrown = Assert.Throws<VersionFormatException>(() => alpine.Compare(version, "1.0"));
        Assert.Equal(reason, thrown.Reason);
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("2.0b")]
    [InlineData("1.1_alpha1")]
    [InlineData("0.9_git20240101")]
    [InlineData("1.4~a3f91c")]
    [InlineData("1.2-r3")]
    [InlineData("1.0_alpha_pre2_p3~0f-r10")]
    [InlineData("1.")]
    [InlineData("1_")]
    public void Versions_in_the_apk_grammar_are_valid(string version)
    {
        Assert.True(alpine.IsValid(version, out var error), error);
    }

    [Theory]
    [InlineData("1.2.3-r0", "1.2.3-r1", "1.2.3-r0 < 1.2.3-r1")]
    [InlineData("9.0_p1-r2", "9.0-r9", "9.0_p1-r2 > 9.0-r9")]
    [InlineData("6.6.2p1", "6.6.2_p1", "6.6.2p1 ? 6.6.2_p1: '1' at offset 6 cannot follow the letter 'p'")]
    public void The_cli_prints_one_line_per_pair(string a, string b, string line)
    {
        Assert.Equal(line, VersionsCompareCommand.CompareLine(alpine, a, b));
    }

    [Theory]
    [InlineData("Alpine")]
    [InlineData("Alpine:v3.18")]
    [InlineData("Wolfi")]
    [InlineData("Chainguard")]
    public void Alpine_family_ecosystems_find_this_scheme(string ecosystem)
    {
        Assert.IsType<AlpineVersionScheme>(VersionSchemes.Find(ecosystem));
    }

    private void AssertOrder(string a, string op, string b)
    {
        Assert.Equal(op, VersionVectors.OpOf(alpine.Compare(a, b)));
        Assert.Equal(VersionVectors.Reverse(op), VersionVectors.OpOf(alpine.Compare(b, a)));
    }
}
