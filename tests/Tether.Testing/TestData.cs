namespace Tether.Testing;

/// <summary>
/// Finds the shared, read-only fixtures (<c>../shared/testdata</c> beside the checkout) and the
/// project's own sample data, from wherever the test assembly runs. <c>TETHER_TESTDATA</c> overrides.
/// </summary>
public static class TestData
{
    private static readonly Lazy<string> SharedRoot = new(() => Locate(
        Environment.GetEnvironmentVariable("TETHER_TESTDATA"),
        dir => Path.Combine(dir, "shared", "testdata"),
        "../shared/testdata (set TETHER_TESTDATA to its path)"));

    private static readonly Lazy<string> RepoRoot = new(() => Locate(
        null,
        dir => File.Exists(Path.Combine(dir, "Tether.slnx")) ? dir : Path.Combine(dir, "__none__"),
        "the repository root (Tether.slnx)"));

    /// <summary>Path of a file under <c>shared/testdata</c>.</summary>
    public static string Shared(params string[] parts) => Path.Combine([SharedRoot.Value, .. parts]);

    /// <summary>Path of a file in this repository (samples, deploy…).</summary>
    public static string Repo(params string[] parts) => Path.Combine([RepoRoot.Value, .. parts]);

    private static string Locate(string? overridePath, Func<string, string> candidateIn, string what)
    {
        if (!string.IsNullOrEmpty(overridePath))
        {
            return overridePath;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = candidateIn(dir.FullName);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"Cannot find {what} above {AppContext.BaseDirectory}.");
    }
}
