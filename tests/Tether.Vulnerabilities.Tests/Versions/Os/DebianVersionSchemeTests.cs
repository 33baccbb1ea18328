using Tether.Cli.Commands;
using Tether.Vulnerabilities.Versions;
using Tether.Vulnerabilities.Versions.Os;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Os;

public sealed class DebianVersionSchemeTests
{
    private readonly DebianVersionScheme debian = new();

    [Theory]
    [InlineData("1.0~rc1", "<", "1.0")]
    [InlineData("1.0~~", "<", "1.0~")]
    [InlineData("1.0~", "<", "1.0")]
    [InlineData("1.2.3-1~deb12u1", "<", "1.2.3-1")]
    [InlineData("1.2.3-1", "<", "1.2.3-1+deb12u1")]
    public void Tilde_sorts_before_everything_even_the_end_of_the_part(string a, string op, string b) => AssertOrder(a, op, b);

    [Theory]
    [InlineData("1.0", "<", "1.0a")]
    [InlineData("1.0a", "<", "1.0+")]
    [InlineData("1.0a", "<", "1.0.")]
    [InlineData("1.0Z", "<", "1.0a")]
    [InlineData("1.0+", "<", "1.0.")]
    public void Letters_sort_before_every_other_character_and_after_the_end(string a, string op, string b) => AssertOrder(a, op, b);

    [Theory]
    [InlineData("1.99999999999999999999999999999", "<", "1.100000000000000000000000000000")]
    [InlineData("1.000000000000000000000000000001", "=", "1.1")]
    [InlineData("4294967296", ">", "4294967295")]
    [InlineData("18446744073709551616", ">", "18446744073709551615")]
    public void Digit_runs_compare_as_numbers_of_any_length(string a, string op, string b) => AssertOrder(a, op, b);

    [Theory]
    [InlineData("1:0.1", ">", "9.9-9")]
    [InlineData("0:1.0", "=", "1.0")]
    [InlineData("2147483647:1", ">", "1:1")]
    [InlineData("+1:1.0", "=", "1:1.0")]
    [InlineData("-0:1.0", "=", "1.0")]
    [InlineData("1:2:3", ">", "1:2")]
    public void The_epoch_is_read_as_dpkg_reads_it_and_outranks_the_rest(string a, string op, string b) => AssertOrder(a, op, b);

    [Theory]
    [InlineData("1.0", "=", "1.0-0")]
    [InlineData("1.0-rc-1", "<", "1.0-rc-2")]
    [InlineData("1.0-rc-1", ">", "1.0-1")]
    public void The_revision_starts_at_the_last_hyphen_and_defaults_to_zero(string a, string op, string b) => AssertOrder(a, op, b);

    // dpkg compares the UTF-8 bytes; on amd64 (signed char) they sort after letters and before ASCII punctuation.
    [Theory]
    [InlineData("1é", ">", "1z")]
    [InlineData("1é", "<", "1+")]
    [InlineData("1é", "<", "1ê")]
    [InlineData("1é", ">", "1~")]
    [InlineData("1é", ">", "1")]
    [InlineData("1\U0001F600", ">", "1\uFFFF")]
    public void Non_ascii_characters_sort_as_dpkg_on_amd64_sorts_their_bytes(string a, string op, string b) => AssertOrder(a, op, b);

    [Theory]
    [InlineData("a")]
    [InlineData("1:a")]
    [InlineData("1_2")]
    [InlineData("1-a_b")]
    [InlineData("1é")]
    public void Versions_dpkg_only_warns_about_are_valid(string version)
    {
        Assert.True(debian.IsValid(version, out var error), error);
    }

    [Theory]
    [InlineData("", "version string is empty")]
    [InlineData("   ", "version string is empty")]
    [InlineData("1 2", "version string has embedded spaces")]
    [InlineData(":1", "epoch in version is empty")]
    [InlineData("x:1", "epoch in version is empty")]
    [InlineData("1a:1", "epoch in version is not number")]
    [InlineData("1.0-1:2", "epoch in version is not number")]
    [InlineData("-1:1", "epoch in version is negative")]
    [InlineData("-99999999999999999999:1", "epoch in version is negative")]
    [InlineData("2147483648:1", "epoch in version is too big")]
    [InlineData("99999999999999999999:1", "epoch in version is too big")]
    [InlineData("1:", "nothing after colon in version number")]
    [InlineData("1-", "revision number is empty")]
    [InlineData("-", "revision number is empty")]
    [InlineData("-1", "version number is empty")]
    [InlineData("1:-1", "version number is empty")]
    [InlineData("1\u00002", "NUL character at offset 1")]
    public void Versions_dpkg_rejects_are_invalid_with_dpkgs_reason(string version, string reason)
    {
        Assert.False(debian.IsValid(version, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void A_lone_surrogate_is_invalid_because_dpkg_could_not_receive_it()
    {
        // Built at run time: a lone surrogate does not survive an attribute argument.
        var version = "1" + (char)0xD800 + ".0";
        Assert.False(debian.IsValid(version, out var error));
        Assert.Equal("unpaired UTF-16 surrogate at offset 1 (not valid Unicode text)", error);
    }

    [Fact]
    public void Blanks_around_a_version_are_ignored_as_dpkg_ignores_them()
    {
        Assert.Equal(0, debian.Compare(" 1.0\t", "1.0"));
    }

    [Fact]
    public void Compare_throws_with_the_reason_when_either_version_is_invalid()
    {
        var left = Assert.Throws<VersionFormatException>(() => debian.Compare("1:", "1.0"));
        Assert.Equal("nothing after colon in version number", left.Reason);
        Assert.Equal("1:", left.Version);
        var right = Assert.Throws<VersionFormatException>(() => debian.Compare("1.0", "1-"));
        Assert.Equal("revision number is empty", right.Reason);
        Assert.Equal("'1-' is not a valid Debian version: revision number is empty", right.Message);
    }

    [Theory]
    [InlineData("1.2.3-1~deb12u1", "1.2.3-1", "1.2.3-1~deb12u1 < 1.2.3-1")]
    [InlineData("2:1.0", "1:9.9", "2:1.0 > 1:9.9")]
    [InlineData("1.0", "1.0-0", "1.0 = 1.0-0")]
    [InlineData("1:", "1.0", "1: ? 1.0: nothing after colon in version number")]
    [InlineData("1.0", "x:1", "1.0 ? x:1: epoch in version is empty")]
    public void The_cli_prints_one_line_per_pair(string a, string b, string line)
    {
        Assert.Equal(line, VersionsCompareCommand.CompareLine(debian, a, b));
    }

    [Theory]
    [InlineData("Debian")]
    [InlineData("Debian:12")]
    [InlineData("Ubuntu:22.04:LTS")]
    [InlineData("Ubuntu:Pro:14.04:LTS")]
    public void Debian_and_ubuntu_ecosystems_find_this_scheme(string ecosystem)
    {
        Assert.IsType<DebianVersionScheme>(VersionSchemes.Find(ecosystem));
    }

    private void AssertOrder(string a, string op, string b)
    {
        Assert.Equal(op, VersionVectors.OpOf(debian.Compare(a, b)));
        Assert.Equal(VersionVectors.Reverse(op), VersionVectors.OpOf(debian.Compare(b, a)));
    }
}
