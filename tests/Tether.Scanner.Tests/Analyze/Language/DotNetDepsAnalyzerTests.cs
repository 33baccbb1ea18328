using Tether.Core.Errors;
using Tether.Scanner.Analyze.Language.DotNet;
using Tether.Testing;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Language;

public sealed class DotNetDepsAnalyzerTests
{
    private readonly DotNetDepsAnalyzer _analyzer = new();

    [Theory]
    [InlineData("happy.deps.json", new[] { "Newtonsoft.Json@13.0.1" })]
    [InlineData("self-contained.deps.json", new[] { "Microsoft.AspNetCore.App.Runtime.linux-x64@8.0.0", "Microsoft.NETCore.App.Runtime.linux-x64@8.0.0", "Newtonsoft.Json@13.0.1" })]
    public void Real_deps_files_give_their_packages_and_carried_runtime(string file, string[] expected)
    {
        var path = "app/ExampleApp1.deps.json";

        var packages = _analyzer.Analyze(path, File.ReadAllBytes(TestData.Shared("pkgdb", "dotnet", file)));

        Assert.Equal(expected, PackageText.Of(packages));
        Assert.All(packages, p => Assert.Equal(("nuget", path), (p.Type, p.Path)));
    }

    [Theory]
    [InlineData("app/ExampleApp1.deps.json", true)]
    [InlineData("usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.0/Microsoft.NETCore.App.deps.json", true)]
    [InlineData("app/.deps.json", false)]
    [InlineData("app/ExampleApp1.runtimeconfig.json", false)]
    public void Wants_deps_files(string path, bool wanted) => Assert.Equal(wanted, _analyzer.Wants(path));

    [Theory]
    [InlineData("""{"targets": {}}""", "$.libraries")]
    [InlineData("""{"libraries": []}""", "$.libraries")]
    [InlineData("""{"libraries": {"Newtonsoft.Json": {"type": "package"}}}""", "$.libraries[\"Newtonsoft.Json\"]")]
    [InlineData("""{"libraries": {"Newtonsoft.Json/13.0.1": {"type": 1}}}""", "$.libraries[\"Newtonsoft.Json/13.0.1\"].type")]
    [InlineData("""{"libraries": {"Newtonsoft.Json/13.0.1": ["package"]}}""", "$.libraries[\"Newtonsoft.Json/13.0.1\"]")]
    [InlineData("""{"libraries": {"Newtonsoft.Json/13.0.1": {"type": "package"}""", "line 1")]
    public void Malformed_deps_files_are_rejected_naming_the_field(string json, string field)
    {
        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("app/a.deps.json", PackageText.Utf8(json)));

        Assert.Equal("app/a.deps.json", error.Source);
        Assert.StartsWith(field, error.Field, StringComparison.Ordinal);
    }
}
