using Tether.Cli.Commands;
using Tether.Vulnerabilities.Versions;
using Tether.Vulnerabilities.Versions.Os;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Os;

public sealed class RpmVersionSchemeTests
{
    private readonly RpmVersionScheme rpm = new();

    [Theory]
    [InlineData("1.0~rc1-1", "<", "1.0-1")]
    [InlineData("1.0~rc1", "<", "1.0~rc2")]
    [InlineData("1.0~~", "<", "1.0~")]
    public void Tilde_sorts_before_everything_even_the_end(string a, string op, string b) => AssertOrder(a, op, b);

    [Theory]
    [InlineData("1.0^git1", ">", "1.0")]
    [InlineData("1.0^git1", "<", "1.0.1")]
    [InlineData("1.0^git1", "<", "1.0a")]
    [InlineData("1.0^20160101^git1", "<", "1.0^20160102")]
    [InlineData("1.0~rc1^git1", ">", "1.0~rc1")]
    public void Caret_sorts_after_the_base_but_before_anything_appended(string a, string op, string b) => AssertOrder(a, op, b);

    [Theory]
    [InlineData("1.0-1", "=", "0:1.0-1")]
    [InlineData("1:1.0-1", ">", "2.0-1")]
    [InlineData("01:1-1", "=", "1:1-1")]
    [InlineData(":1.0", "=", "0:1.0")]
    [InlineData("99999999999999999999999:1", ">", "99999999999999999999998:2")]
    [InlineData("1.m+e2:1", "<", "4.m+e1:1")]
    public void The_epoch_is_leading_digits_before_a_colon_and_defaults_to_zero(string a, string op, string b) => AssertOrder(a, op, b);

    [Theory]
    [InlineData("1.0", "<", "1.0-1")]
    [InlineData("1.0", "<", "1.0-")]
    [InlineData("1.0-", "=", "1.0-")]
    [InlineData("1.0-1.el9", "<", "1.0-1.el9_1")]
    [InlineData("3.10.0-229.el7", "<", "3.10.0-229.1.2.ael7b")]
    public void A_missing_release_sorts_before_any_release(string a, string op, string b) => AssertOrder(a, op, b);

    [Theory]
    [InlineData("1.0a", "<", "1.0.1")]
    [InlineData("1.100000000000000000000000", ">", "1.99999999999999999999")]
    [InlineData("1.010", "=", "1.10")]
    [InlineData("1.0", "=", "1_0")]
    [InlineData("1.1.α", "=", "1.1.β")]
    [InlineData("1.0", "<", "1.0.0")]
    public void Segments_compare_digits_as_numbers_newer_than_letters_and_skip_other_characters(string a, string op, string b) => AssertOrder(a, op, b);

    [Theory]
    [InlineData("", "version string is empty")]
    [InlineData("1.0 -1", "white space or control character at offset 3")]
    [InlineData("1.0\t", "white space or control character at offset 3")]
    [InlineData("1\u00000", "white space or control character at offset 1")]
    [InlineData("-1", "the version part of [epoch:]version[-release] is empty")]
    [InlineData("1:", "the version part of [epoch:]version[-release] is empty")]
    [InlineData("2:-3", "the version part of [epoch:]version[-release] is empty")]
    public void Strings_that_cannot_be_an_rpm_version_are_invalid(string version, string reason)
    {
        Assert.False(rpm.IsValid(version, out var error));
        Assert.Equal(reason, error);
        var thrown = Assert.Throws<VersionFormatException>(() => rpm.Compare("1.0", version));
        Assert.Equal(reason, thrown.Reason);
    }

    [Fact]
    public void A_lone_surrogate_is_invalid()
    {
        // Built at run time: a lone surrogate does not survive an attribute argument.
        var version = "1" + (char)0xDC00;
        Assert.False(rpm.IsValid(version, out var error));
        Assert.Equal("unpaired UTF-16 surrogate at offset 1 (not valid Unicode text)", error);
    }

    [Theory]
    [InlineData("1:2.34-60.el9", "1:2.34-100.el9", "1:2.34-60.el9 < 1:2.34-100.el9")]
    [InlineData("7.76.1-26.el9_3.2", "7.76.1-26.el9", "7.76.1-26.el9_3.2 > 7.76.1-26.el9")]
    [InlineData("", "1.0", " ? 1.0: version string is empty")]
    public void The_cli_prints_one_line_per_pair(string a, string b, string line)
    {
        Assert.Equal(line, VersionsCompareCommand.CompareLine(rpm, a, b));
    }

    [Theory]
    [InlineData("Red Hat")]
    [InlineData("Red Hat:enterprise_linux:9::appstream")]
    [InlineData("Rocky Linux:9")]
    [InlineData("AlmaLinux:8")]
    [InlineData("SUSE:Linux Enterprise Server 15 SP5")]
    [InlineData("openSUSE:Tumbleweed")]
    public void Rpm_family_ecosystems_find_this_scheme(string ecosystem)
    {
        Assert.IsType<RpmVersionScheme>(VersionSchemes.Find(ecosystem));
    }

    private void AssertOrder(string a, string op, string b)
    {
        Assert.Equal(op, VersionVectors.OpOf(rpm.Compare(a, b)));
        Assert.Equal(VersionVectors.Reverse(op), VersionVectors.OpOf(rpm.Compare(b, a)));
    }
}
