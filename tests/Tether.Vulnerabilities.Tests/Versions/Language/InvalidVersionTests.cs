using Tether.Cli.Commands;
using Tether.Vulnerabilities.Versions;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Language;

/// <summary>
/// Versions the reference tools reject: the reason Tether gives, the CLI's <c>A ? B: reason</c> line, and
/// the exception <see cref="IVersionScheme.Compare"/> throws.
/// </summary>
public sealed class InvalidVersionTests
{
    public static TheoryData<string, string, string> Invalid => new()
    {
        { "npm", "1.2", "version ends after minor version (MAJOR.MINOR.PATCH required)" },
        { "npm", "=1.2.3", "major version expected at offset 0, found '='" },
        { "npm", "1.02.3", "minor version has a leading zero" },
        { "npm", "1.2.3-01", "numeric pre-release identifier '01' has a leading zero" },
        { "npm", "1.2.3-a..b", "empty identifier in pre-release" },
        { "npm", "1.2.3+", "empty identifier in build metadata" },
        { "npm", "9007199254740992.0.0", "major version exceeds Number.MAX_SAFE_INTEGER (9007199254740991)" },
        { "npm", "1.0.0-" + new string('a', 300), "longer than 256 characters" },
        { "Go", "1.2.3.4", "unexpected '.' at offset 5" },
        { "Go", "v1.2-pre", "unexpected '-' after minor version (only vMAJOR.MINOR.PATCH may carry a pre-release or build)" },
        { "Go", "V1.2.3", "major version expected at offset 0, found 'V'" },
        { "Go", "v1.2.3-0a.01", "numeric pre-release identifier '01' has a leading zero" },
        { "crates.io", "v1.2.3", "major version expected at offset 0, found 'v'" },
        { "crates.io", "1.2", "version ends after minor version (MAJOR.MINOR.PATCH required)" },
        { "crates.io", "18446744073709551616.0.0", "major version exceeds 18446744073709551615" },
        { "crates.io", "1.2.3-é", "invalid character 'é' in pre-release" },
        { "RubyGems", "1.0.", "empty segment at offset 4 (Gem::Version.correct?)" },
        { "RubyGems", "1.0-", "empty pre-release segment at offset 4 (Gem::Version.correct?)" },
        { "RubyGems", "v1.0", "must start with a digit (Gem::Version.correct?)" },
        { "RubyGems", "1.0_1", "unexpected '_' at offset 3 (Gem::Version.correct?)" },
        { "NuGet", "1.2.3.4.5", "more than four version numbers (NuGetVersion.TryParse)" },
        { "NuGet", "2147483648.0", "version number 2147483648 exceeds 2147483647 (NuGetVersion.TryParse)" },
        { "NuGet", "1.0-", "not a NuGet version: MAJOR[.MINOR[.PATCH[.REVISION]]][-PRERELEASE][+METADATA] with numbers (NuGetVersion.TryParse)" },
        { "Maven", "", "empty version" },
        { "Maven", new string('1', 257), "longer than 256 characters" },
        { "PyPI", "", "empty version" },
        { "Hackage", "1.01", "version number with a leading zero" },
        { "Hackage", "1.1234567890", "at most 9 digits are allowed per version number part" },
        { "Hackage", "1.0-", "empty tag at offset 4" },
        { "Hackage", "v1.0", "version number expected at offset 0, found 'v'" },
        { "CRAN", "1", "at least two numbers separated by '.' or '-' are required" },
        { "CRAN", "1.0a", "unexpected 'a' at offset 3" },
        { "CRAN", "1.2147483648", "component 2147483648 exceeds 2147483647" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_version_is_reported_with_its_reason(string ecosystem, string version, string reason)
    {
        var scheme = VersionSchemes.Find(ecosystem)!;

        Assert.False(scheme.IsValid(version, out var error));
        Assert.Equal(reason, error);
        Assert.Equal($"{version} ? 1.0.0: {reason}", VersionsCompareCommand.CompareLine(scheme, version, "1.0.0"));
        Assert.Equal($"1.0.0 ? {version}: {reason}", VersionsCompareCommand.CompareLine(scheme, "1.0.0", version));
        var thrown = Assert.Throws<VersionFormatException>(() => scheme.Compare(version, "1.0.0"));
        Assert.Equal(version, thrown.Version);
        Assert.Equal(reason, thrown.Reason);
        Assert.Equal($"'{version}' is not a valid {scheme.Name} version: {reason}", thrown.Message);
    }

    [Fact]
    public void The_first_invalid_version_of_a_pair_is_the_one_reported()
    {
        var npm = VersionSchemes.Find("npm")!;

        Assert.Equal("1 ? 2: version ends after major version (MAJOR.MINOR.PATCH required)", VersionsCompareCommand.CompareLine(npm, "1", "2"));
    }

    [Theory]
    [InlineData("npm")]
    [InlineData("PyPI")]
    [InlineData("Maven")]
    [InlineData("NuGet")]
    [InlineData("Go")]
    [InlineData("crates.io")]
    [InlineData("RubyGems")]
    [InlineData("Hackage")]
    [InlineData("CRAN")]
    public void Each_language_ecosystem_is_registered_under_its_OSV_name_with_a_reference(string ecosystem)
    {
        var scheme = VersionSchemes.Find(ecosystem);

        Assert.NotNull(scheme);
        Assert.Equal(ecosystem, scheme.Name);
        Assert.False(string.IsNullOrWhiteSpace(scheme.Reference));
        Assert.Same(scheme, VersionSchemes.Find(ecosystem.ToUpperInvariant()));
    }
}
