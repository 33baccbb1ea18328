using Tether.Scanner.Analyze;
using Tether.Core.Errors;
using Tether.Scanner.Analyze.Language;
using Tether.Testing;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Language;

public sealed class LanguageAnalyzersTests
{
    private static readonly string[] BinaryAnalyzers = ["go-binary", "cargo-auditable"];

    [Fact]
    public void Each_analyzer_has_its_own_name_and_a_size_limit()
    {
        var names = LanguageAnalyzers.All.Select(a => a.Name).ToArray();

        Assert.Equal(["npm-package", "npm-lock", "yarn-lock", "python-metadata", "dotnet-deps", "go-binary", "cargo-auditable", "java-archive", "gemspec"], names);
        Assert.All(LanguageAnalyzers.All, a => Assert.InRange(a.MaxBytes, 1024 * 1024, 256L * 1024 * 1024));
        Assert.Equal(BinaryAnalyzers, LanguageAnalyzers.All.OfType<IContentSniffingAnalyzer>().Select(a => a.Name));
    }

    [Theory]
    [InlineData("usr/src/app/node_modules/@babel/core/package.json", "npm-package")]
    [InlineData("usr/src/app/package-lock.json", "npm-lock")]
    [InlineData("usr/src/app/yarn.lock", "yarn-lock")]
    [InlineData("usr/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA", "python-metadata")]
    [InlineData("app/Api.deps.json", "dotnet-deps")]
    [InlineData("app/app.jar", "java-archive")]
    [InlineData("usr/local/bundle/specifications/rack-3.0.8.gemspec", "gemspec")]
    [InlineData("usr/src/app/package.json", "")]
    [InlineData("etc/os-release", "")]
    public void Each_file_kind_is_wanted_by_exactly_one_file_analyzer(string path, string expected)
    {
        var wanting = LanguageAnalyzers.All.Where(a => !BinaryAnalyzers.Contains(a.Name) && a.Wants(path)).Select(a => a.Name);

        Assert.Equal(expected, string.Join(',', wanting));
    }

    /// <summary>
    /// Truncations and byte flips of real inputs, fed to every analyzer: each result is packages or an
    /// <see cref="InputException"/> naming the file, never another exception (a seeded, fixed set of mutations).
    /// </summary>
    [Fact]
    public void Mutated_real_files_give_packages_or_input_errors_only()
    {
        var inputs = new[]
        {
            TestData.Shared("pkgdb", "npm", "package-lock.json"),
            TestData.Shared("pkgdb", "python", "asyncssh-2.14.2.dist-info", "METADATA"),
            TestData.Shared("pkgdb", "dotnet", "self-contained.deps.json"),
            TestData.Shared("pkgdb", "java", "hadoop-shaded-guava-1.1.0-SNAPSHOT.jar"),
            TestData.Repo("tests", "Tether.Scanner.Tests", "Analyze", "Language", "testdata", "ruby", "webrick-1.8.1.gemspec"),
        }.Select(File.ReadAllBytes).ToArray();
        var random = new Random(20_240_601);
        var outcomes = new Dictionary<string, int> { ["packages"] = 0, ["input error"] = 0 };
        foreach (var original in inputs)
        {
            for (var round = 0; round < 40; round++)
            {
                var mutated = Mutate(original, random);
                foreach (var analyzer in LanguageAnalyzers.All)
                {
                    try
                    {
                        analyzer.Analyze("fuzz/input", mutated);
                        outcomes["packages"]++;
                    }
                    catch (InputException e)
                    {
                        Assert.Equal("fuzz/input", e.Source.Split(' ')[0]);
                        outcomes["input error"]++;
                    }
                }
            }
        }

        Assert.True(outcomes["input error"] > 100, $"only {outcomes["input error"]} mutations were rejected");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = random.Next(3) == 0 ? original.AsSpan(0, random.Next(original.Length)).ToArray() : (byte[])original.Clone();
        for (var flips = random.Next(1, 8); flips > 0 && bytes.Length > 0; flips--)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }
}
