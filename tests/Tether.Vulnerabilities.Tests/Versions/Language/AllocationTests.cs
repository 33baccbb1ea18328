using Tether.Vulnerabilities.Versions;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Language;

/// <summary>
/// Matching calls Compare millions of times (IVersionScheme's contract): the parsers that can work on
/// positions in the string must not allocate. Maven (a tree of items), NuGet (the library's objects)
/// and PyPI legacy versions (string keys) do allocate, and are not listed.
/// </summary>
public sealed class AllocationTests
{
    [Theory]
    [InlineData("npm", "1.2.3-alpha.10+build", "1.2.3-alpha.9")]
    [InlineData("Go", "0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa")]
    [InlineData("crates.io", "1.0.0-rc.1", "1.0.0-rc.1.2")]
    [InlineData("PyPI", "1!2.0.0rc1.post2.dev3+ubuntu.1", "1!2.0.0-RC1-2.DEV3+Ubuntu.2")]
    [InlineData("RubyGems", "1.2.0.beta.10", "1.2.0-beta-9")]
    public void Comparing_valid_versions_allocates_nothing(string ecosystem, string a, string b)
    {
        var scheme = VersionSchemes.Find(ecosystem)!;
        var expected = scheme.Compare(a, b);
        Assert.NotEqual(0, expected);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0;
        for (var i = 0; i < 1000; i++)
        {
            sum += scheme.Compare(a, b);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000 * expected, sum);
        Assert.Equal(0, allocated);
    }
}
