using Tether.Core.Errors;
using Tether.Scanner.Analyze.Language.Npm;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Language;

public sealed class NpmPackageJsonAnalyzerTests
{
    private readonly NpmPackageJsonAnalyzer _analyzer = new();

    [Theory]
    [InlineData("usr/src/app/node_modules/express/package.json", true)]
    [InlineData("node_modules/express/package.json", true)]
    [InlineData("app/node_modules/@babel/core/package.json", true)]
    [InlineData("app/node_modules/body-parser/node_modules/debug/package.json", true)]
    [InlineData("app/node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/package.json", true)]
    [InlineData("usr/lib/node_modules/npm/package.json", true)]
    [InlineData("app/package.json", false)]
    [InlineData("package.json", false)]
    [InlineData("app/node_modules/@babel/package.json", false)]
    [InlineData("app/node_modules/express/lib/package.json", false)]
    [InlineData("app/node_modules/.bin/package.json", false)]
    [InlineData("app/node_modules/express/package.json.bak", false)]
    public void Wants_only_manifests_of_installed_packages(string path, bool wanted) => Assert.Equal(wanted, _analyzer.Wants(path));

    [Fact]
    public void An_installed_scoped_package_gives_scope_name_version_and_license()
    {
        const string path = "app/node_modules/@babel/core/package.json";
        const string manifest = """
            {
              "name": "@babel/core",
              "version": "7.21.4",
              "description": "Babel compiler core.",
              "main": "./lib/index.js",
              "license": "MIT",
              "publishConfig": { "access": "public" },
              "repository": { "type": "git", "url": "https://github.com/babel/babel.git", "directory": "packages/babel-core" },
              "dependencies": { "@ampproject/remapping": "^2.2.0", "debug": "^4.1.0" }
            }
            """;

        var package = Assert.Single(_analyzer.Analyze(path, PackageText.Utf8(manifest)));

        Assert.Equal(("npm", "@babel", "core", "7.21.4", path), (package.Type, package.Namespace, package.Name, package.Version, package.Path));
        Assert.Equal(["MIT"], package.Licenses);
    }

    [Theory]
    [InlineData("""{"name": "x", "version": "1.0.0", "license": {"type": "BSD-3-Clause", "url": "https://opensource.org/licenses/BSD-3-Clause"}}""", "BSD-3-Clause")]
    [InlineData("""{"name": "x", "version": "1.0.0", "licenses": [{"type": "MIT"}, {"type": "Apache-2.0"}]}""", "MIT|Apache-2.0")]
    [InlineData("""{"name": "x", "version": "1.0.0", "license": 42}""", "")]
    public void Old_license_shapes_are_read_and_odd_ones_ignored(string manifest, string licenses)
    {
        var package = Assert.Single(_analyzer.Analyze("node_modules/x/package.json", PackageText.Utf8(manifest)));

        Assert.Equal(licenses, string.Join('|', package.Licenses));
    }

    [Theory]
    [InlineData("""{"name": "x"}""")]
    [InlineData("""{"version": "1.0.0", "private": true}""")]
    [InlineData("""{"name": "", "version": "1.0.0"}""")]
    public void A_manifest_without_name_or_version_is_not_a_package(string manifest) =>
        Assert.Empty(_analyzer.Analyze("node_modules/x/package.json", PackageText.Utf8(manifest)));

    [Fact]
    public void A_byte_order_mark_is_accepted() =>
        Assert.Equal(["ms@2.1.3"], PackageText.Of(_analyzer.Analyze("node_modules/ms/package.json", new byte[] { 0xEF, 0xBB, 0xBF }.Concat("""{"name":"ms","version":"2.1.3"}"""u8.ToArray()).ToArray())));

    [Theory]
    [InlineData("""{"name": "x", "version": """, "line 1")]
    [InlineData("""{"name": ["x"], "version": "1.0.0"}""", "$.name")]
    [InlineData("""{"name": "@scope", "version": "1.0.0"}""", "$.name")]
    [InlineData("""{"name": "a/b", "version": "1.0.0"}""", "$.name")]
    [InlineData("\"just a string\"", "$")]
    [InlineData("", null)]
    public void Malformed_manifests_are_rejected_naming_the_field(string json, string? field)
    {
        const string path = "node_modules/x/package.json";

        var error = Assert.Throws<InputException>(() => _analyzer.Analyze(path, PackageText.Utf8(json)));

        Assert.Equal(path, error.Source);
        if (field is null)
        {
            Assert.Null(error.Field);
        }
        else
        {
            Assert.StartsWith(field, error.Field, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Invalid_utf8_is_an_input_error_naming_the_byte()
    {
        var manifest = "{\"name\": \"x\", \"version\": \"1.0.0\"}"u8.ToArray();
        manifest[11] = 0xFD;

        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("node_modules/x/package.json", manifest));

        Assert.Equal(("byte 12", "is not valid UTF-8."), (error.Field, error.Reason));
    }

    [Fact]
    public void An_over_long_version_is_rejected()
    {
        var manifest = $$"""{"name": "x", "version": "{{new string('1', 5000)}}"}""";

        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("node_modules/x/package.json", PackageText.Utf8(manifest)));

        Assert.Equal("$.version", error.Field);
    }
}
