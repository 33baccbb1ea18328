using System.Text.Json;
using Tether.Scanner.Analyze.Language.Npm;
using Tether.Testing;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Language;

/// <summary>npm itself (<c>npm ls --package-lock-only</c>) as the reference for what a lock file installs.</summary>
public sealed class NpmLockReferenceTests
{
    [Fact]
    public void The_real_lock_yields_the_same_packages_npm_ls_reports()
    {
        using var folder = new TempDirectory();
        var lockFile = TestData.Shared("pkgdb", "npm", "package-lock.json");
        File.Copy(lockFile, folder.File("package-lock.json"));
        var output = ExternalTool.Run("npm", ["ls", "--package-lock-only", "--all", "--json", "--offline"], folder.Path, new Dictionary<string, string>
        {
            ["npm_config_cache"] = folder.File("npm-cache"),
            ["npm_config_update_notifier"] = "false",
        });
        var reported = new SortedSet<string>(StringComparer.Ordinal);
        using (var tree = JsonDocument.Parse(output))
        {
            Collect(tree.RootElement, reported);
        }

        var packages = new NpmLockAnalyzer().Analyze("package-lock.json", File.ReadAllBytes(lockFile));

        Assert.Equal(reported, PackageText.Of(packages));
    }

    private static void Collect(JsonElement node, SortedSet<string> into)
    {
        if (!node.TryGetProperty("dependencies", out var dependencies))
        {
            return;
        }

        foreach (var dependency in dependencies.EnumerateObject())
        {
            into.Add($"{dependency.Name}@{dependency.Value.GetProperty("version").GetString()}");
            Collect(dependency.Value, into);
        }
    }
}
