using BenchmarkDotNet.Attributes;
using Tether.Vulnerabilities.Versions;

namespace Tether.Benchmarks;

/// <summary>
/// Cost of one version comparison per OS scheme, over realistic pairs: the adjacent versions of each package in the
/// osv-scalibr vector files (real OSV versions), repeated to a fixed count. Matching compares each installed package
/// version against every range bound of its advisories, so this is the engine's innermost operation.
/// </summary>
[MemoryDiagnoser]
public class VersionCompareBenchmark
{
    private const int Pairs = 4096;
    private IVersionScheme scheme = null!;
    private string[] left = [];
    private string[] right = [];

    [Params("Debian", "Alpine", "RPM")]
    public string Ecosystem { get; set; } = "Debian";

    [GlobalSetup]
    public void Setup()
    {
        scheme = VersionSchemes.Find(Ecosystem) ?? throw new InvalidOperationException($"no scheme for {Ecosystem}");
        var file = Ecosystem switch
        {
            "Debian" => "debian-versions-generated.txt",
            "Alpine" => "alpine-versions-generated.txt",
            _ => "redhat-versions.txt",
        };
        var pairs = File.ReadLines(SharedTestData("versions", "osv-scalibr", file))
            .Select(line => line.Split(' '))
            .Where(parts => parts.Length == 3 && !parts[0].StartsWith('#'))
            .Where(parts => scheme.IsValid(parts[0], out _) && scheme.IsValid(parts[2], out _))
            .ToList();
        var repeated = Enumerable.Range(0, Pairs).Select(i => pairs[i % pairs.Count]).ToList();
        left = repeated.Select(parts => parts[0]).ToArray();
        right = repeated.Select(parts => parts[2]).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Pairs)]
    public int Compare()
    {
        var sum = 0;
        for (var i = 0; i < left.Length; i++)
        {
            sum += scheme.Compare(left[i], right[i]);
        }

        return sum;
    }

    /// <summary>shared/testdata beside the checkout (or TETHER_TESTDATA), found from wherever BenchmarkDotNet runs the job.</summary>
    private static string SharedTestData(params string[] parts)
    {
        var root = Environment.GetEnvironmentVariable("TETHER_TESTDATA");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); root is null && dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "testdata");
            if (Directory.Exists(candidate))
            {
                root = candidate;
            }
        }

        return Path.Combine([root ?? throw new DirectoryNotFoundException("shared/testdata not found; set TETHER_TESTDATA"), .. parts]);
    }
}
