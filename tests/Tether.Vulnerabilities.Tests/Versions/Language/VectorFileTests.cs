using Tether.Cli.Commands;
using Tether.Vulnerabilities.Versions;
using Xunit;

namespace Tether.Vulnerabilities.Tests.Versions.Language;

/// <summary>
/// Every line of the osv-scalibr vector files of each language ecosystem, through the CLI's line format
/// (<see cref="VersionsCompareCommand.CompareLine"/>): the output must be the vector line itself, or the
/// documented exception for exactly that line (<see cref="VectorExceptions"/>).
/// </summary>
public sealed class VectorFileTests
{
    public static TheoryData<string, string> Files => new()
    {
        { "npm", "semver-versions.txt" },
        { "Go", "semver-versions.txt" },
        { "crates.io", "semver-versions.txt" },
        { "PyPI", "pypi-versions.txt" },
        { "PyPI", "pypi-versions-generated.txt" },
        { "Maven", "maven-versions.txt" },
        { "Maven", "maven-versions-generated.txt" },
        { "NuGet", "nuget-versions.txt" },
        { "RubyGems", "rubygems-versions.txt" },
        { "RubyGems", "rubygems-versions-generated.txt" },
        { "Hackage", "hackage-versions.txt" },
        { "CRAN", "cran-versions.txt" },
        { "CRAN", "cran-versions-generated.txt" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_vector_line_compares_as_written_or_as_its_documented_exception(string ecosystem, string file)
    {
        var scheme = VersionSchemes.Find(ecosystem)!;
        var vectors = VersionVectors.Read(file);
        var failures = new List<string>();
        var usedExceptions = 0;
        foreach (var vector in vectors)
        {
            var expected = VectorExceptions.For(ecosystem, file, vector.Line) is { } exception
                ? exception.Output
                : vector.Line;
            usedExceptions += expected == vector.Line ? 0 : 1;
            var actual = VersionsCompareCommand.CompareLine(scheme, vector.A, vector.B);
            if (actual != expected)
            {
                failures.Add($"{vector}\n      expected: {expected}\n      actual:   {actual}");
            }
        }

        Assert.True(vectors.Count > 0, $"{file} holds no vectors");
        Assert.True(failures.Count == 0, $"{failures.Count} of {vectors.Count} lines differ:\n{string.Join("\n", failures.Take(40))}");
        Assert.Equal(VectorExceptions.Count(ecosystem, file), usedExceptions);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_valid_vector_pair_compares_antisymmetrically(string ecosystem, string file)
    {
        var scheme = VersionSchemes.Find(ecosystem)!;
        var checkedPairs = 0;
        foreach (var vector in VersionVectors.Read(file))
        {
            if (!scheme.IsValid(vector.A, out _) || !scheme.IsValid(vector.B, out _))
            {
                continue;
            }

            Assert.True(Math.Sign(scheme.Compare(vector.A, vector.B)) == -Math.Sign(scheme.Compare(vector.B, vector.A)), vector.ToString());
            Assert.True(scheme.Compare(vector.A, vector.A) == 0, vector.ToString());
            checkedPairs++;
        }

        Assert.True(checkedPairs > 0);
    }
}
