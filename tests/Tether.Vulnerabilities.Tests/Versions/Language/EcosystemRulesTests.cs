using Tether.Cli.Commands;
using Tether.Vulnerabilities.Versions;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Language;

/// <summary>
/// The choices docs/versions.md states for each language ecosystem, one line each through the CLI format
/// (the reference tools agree with every line; the differential tests run them).
/// </summary>
public sealed class EcosystemRulesTests
{
    [Theory]
    // npm: strict node-semver — a lower-case v and surrounding white space are accepted, build ignored.
    [InlineData("npm", "v1.2.3", "1.2.3", "v1.2.3 = 1.2.3")]
    [InlineData("npm", " 1.2.3 ", "1.2.3", " 1.2.3  = 1.2.3")]
    [InlineData("npm", "1.2.3+build.1", "1.2.3+build.2", "1.2.3+build.1 = 1.2.3+build.2")]
    [InlineData("npm", "1.0.0-alpha.10", "1.0.0-alpha.9", "1.0.0-alpha.10 > 1.0.0-alpha.9")]
    [InlineData("npm", "1.0.0-9007199254740993", "1.0.0-9007199254740992", "1.0.0-9007199254740993 = 1.0.0-9007199254740992")]
    // Go: OSV writes no v; +incompatible is build metadata; pseudo-versions order by their pre-release.
    [InlineData("Go", "1.2.3", "v1.2.3+incompatible", "1.2.3 = v1.2.3+incompatible")]
    [InlineData("Go", "v1", "1.0.0", "v1 = 1.0.0")]
    [InlineData("Go", "0.0.0-20191109021931-daa7c04131f5", "0.0.0-20220314234659-1baeb1ce4c0b", "0.0.0-20191109021931-daa7c04131f5 < 0.0.0-20220314234659-1baeb1ce4c0b")]
    [InlineData("Go", "0.0.0-20220314234659-1baeb1ce4c0b", "0.1.0", "0.0.0-20220314234659-1baeb1ce4c0b < 0.1.0")]
    // crates.io: precedence ignores build metadata.
    [InlineData("crates.io", "1.0.0+a", "1.0.0+b", "1.0.0+a = 1.0.0+b")]
    [InlineData("crates.io", "1.0.0-rc.1", "1.0.0", "1.0.0-rc.1 < 1.0.0")]
    // PyPI: normalization, epochs, implicit post, dev before pre, local after public, legacy before PEP 440.
    [InlineData("PyPI", "1.0-1", "1.0.post1", "1.0-1 = 1.0.post1")]
    [InlineData("PyPI", "1.0.0-RC_1", "1.0rc1", "1.0.0-RC_1 = 1.0rc1")]
    [InlineData("PyPI", "1!0.1", "2.0", "1!0.1 > 2.0")]
    [InlineData("PyPI", "1.0.dev0", "1.0a0", "1.0.dev0 < 1.0a0")]
    [InlineData("PyPI", "1.0+local.1", "1.0", "1.0+local.1 > 1.0")]
    [InlineData("PyPI", "1.0a-1", "1.0a1", "1.0a-1 = 1.0a1")]
    [InlineData("PyPI", "2.0-beta-final", "0.1", "2.0-beta-final < 0.1")]
    [InlineData("PyPI", "1.0-foo", "1.0-bar", "1.0-foo > 1.0-bar")]
    // Maven: qualifier order and release aliases.
    [InlineData("Maven", "1.0-SNAPSHOT", "1.0-rc1", "1.0-SNAPSHOT > 1.0-rc1")]
    [InlineData("Maven", "5.3.18.RELEASE", "5.3.18", "5.3.18.RELEASE = 5.3.18")]
    [InlineData("Maven", "1.0-sp1", "1.0", "1.0-sp1 > 1.0")]
    [InlineData("Maven", "2.13.2.1", "2.13.2", "2.13.2.1 > 2.13.2")]
    // NuGet: the fourth number and case-insensitive labels.
    [InlineData("NuGet", "1.0.0.1", "1.0.0", "1.0.0.1 > 1.0.0")]
    [InlineData("NuGet", "7.0.0-Preview", "7.0.0-preview", "7.0.0-Preview = 7.0.0-preview")]
    // RubyGems: a letter makes a pre-release; '-' reads as .pre.
    [InlineData("RubyGems", "1.0.0.rc1", "1.0.0", "1.0.0.rc1 < 1.0.0")]
    [InlineData("RubyGems", "1.0-1", "1.0.pre.1", "1.0-1 = 1.0.pre.1")]
    [InlineData("RubyGems", "1.0.0", "1", "1.0.0 = 1")]
    // Hackage: number lists, a prefix first; Cabal ignores deprecated tags.
    [InlineData("Hackage", "1.0", "1.0.0", "1.0 < 1.0.0")]
    [InlineData("Hackage", "1.0-beta", "1.0", "1.0-beta = 1.0")]
    // CRAN: '.' and '-' alike, numbers numerically.
    [InlineData("CRAN", "0.01.0", "0.1-0", "0.01.0 = 0.1-0")]
    [InlineData("CRAN", "1.0-10", "1.0-9", "1.0-10 > 1.0-9")]
    public void Each_ecosystem_follows_its_reference_rules(string ecosystem, string a, string b, string expected)
    {
        Assert.Equal(expected, VersionsCompareCommand.CompareLine(VersionSchemes.Find(ecosystem)!, a, b));
    }
}
