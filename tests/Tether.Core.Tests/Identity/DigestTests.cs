using Tether.Core.Identity;
using Xunit;

namespace Tether.Core.Tests.Identity;

public sealed class DigestTests
{
    [Fact]
    public void Digests_are_lower_cased_and_checked_for_length_and_algorithm()
    {
        Assert.True(Digest.TryParse("sha256:" + new string('A', 64), out var digest));
        Assert.Equal("sha256:" + new string('a', 64), digest);
        Assert.True(Digest.TryParse("sha512:" + new string('0', 128), out _));
        Assert.False(Digest.TryParse("sha256:" + new string('a', 63), out _));
        Assert.False(Digest.TryParse("sha256:" + new string('g', 64), out _));
        Assert.False(Digest.TryParse("md5:d41d8cd98f00b204e9800998ecf8427e", out _));
        Assert.False(Digest.TryParse(new string('a', 64), out _));
        var error = Assert.Throws<FormatException>(() => Digest.Parse("latest", "subject[0].digest"));
        Assert.Contains("subject[0].digest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sha256_of_content_matches_the_known_empty_digest()
    {
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest.Sha256([]));
        Assert.Equal("e3b0c44298fc", Digest.Short("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }
}
