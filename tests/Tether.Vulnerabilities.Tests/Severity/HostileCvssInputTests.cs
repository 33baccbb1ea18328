using System.Text;
using Tether.Vulnerabilities.Severity;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Severity;

/// <summary>Hostile strings: TryParse never throws, stays bounded, and keeps error messages printable and short.</summary>
public sealed class HostileCvssInputTests
{
    [Fact]
    public void A_megabyte_of_input_is_rejected_by_length_before_it_is_read()
    {
        var huge = "CVSS:3.1/" + string.Concat(Enumerable.Repeat("AV:N/", 200_000));

        Assert.False(CvssVector.TryParse(huge, out _, out var error));
        Assert.Contains($"is {huge.Length} characters long; the limit is {CvssVector.MaxLength}", error, StringComparison.Ordinal);
        Assert.True(error.Length < 300, error);
    }

    [Fact]
    public void The_longest_legal_vector_fits_the_limit()
    {
        const string longest = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:H/IR:H/AR:H/MAV:N/MAC:L/MAT:N/MPR:N/MUI:N/MVC:H/MVI:H/MVA:H/MSC:H/MSI:S/MSA:S/S:N/AU:N/R:A/V:D/RE:L/U:Amber";

        var vector = CvssVector.Parse(longest);
        Assert.Equal("CVSS-BTE", vector.Nomenclature);
        Assert.Equal(32, vector.Metrics.Count);
    }

    [Theory]
    [InlineData("CVSS:3.1/AV:N\0/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:\u001b[31mH")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Ｈ")]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:\ud800")]
    public void Control_and_non_ASCII_characters_never_reach_the_error_message(string text)
    {
        Assert.False(CvssVector.TryParse(text, out _, out var error));
        Assert.All(error, c => Assert.True(c is >= ' ' and <= '~' or '…', $"char U+{(int)c:X4} in: {error}"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("//////")]
    [InlineData(":")]
    [InlineData("::::")]
    [InlineData("CVSS:")]
    [InlineData("CVSS:/")]
    [InlineData("CVSS://")]
    [InlineData("CVSS:4.0//")]
    [InlineData("(")]
    [InlineData(")")]
    [InlineData("((AV:N/AC:L/Au:N/C:P/I:P/A:P))")]
    [InlineData("AV")]
    [InlineData("AV:N")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CVSS:3.1/AV:N")]
    public void Degenerate_strings_are_errors(string text)
    {
        Assert.False(CvssVector.TryParse(text, out var vector, out var error));
        Assert.Null(vector);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Random_mutations_of_valid_vectors_never_throw()
    {
        string[] seeds =
        [
            "AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H",
            "CVSS:3.0/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:N/A:H/E:H/RL:W/RC:U/CR:H/IR:H/AR:M/MAV:L/MAC:L/MPR:H/MUI:N/MS:C/MC:N/MI:H/MA:L",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H",
            "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L/E:P/CR:H/IR:M/AR:H/MAV:A/MAT:P/MPR:N/MVI:H/MVA:N/MSI:H/MSA:N/S:N/V:C/U:Amber",
        ];
        const string alphabet = "/:()ACDEFHILMNOPRSTUVXYabc0123456789.\0 \u00e9";
        var random = new Random(20240611);
        var valid = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder(seeds[random.Next(seeds.Length)]);
            for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0: text.Remove(at, 1); break;
                    case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                }
            }

            if (CvssVector.TryParse(text.ToString(), out var vector, out var error))
            {
                valid++;
                Assert.InRange(vector.BaseScore, 0.0, 10.0);
                Assert.InRange(vector.Score, 0.0, 10.0);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
            }
        }

        // Some mutations land on another valid vector (a different value letter): both paths are exercised.
        Assert.InRange(valid, 1, 19_999);
    }
}
