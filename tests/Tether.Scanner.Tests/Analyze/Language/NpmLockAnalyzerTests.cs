using Tether.Core.Errors;
using Tether.Scanner.Analyze.Language.Npm;
using Tether.Testing;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Language;

public sealed class NpmLockAnalyzerTests
{
    private const string LockPath = "app/package-lock.json";

    private readonly NpmLockAnalyzer _analyzer = new();

    [Fact]
    public void A_real_v3_lock_yields_every_installed_package_once_with_dev_flags()
    {
        var packages = _analyzer.Analyze(LockPath, File.ReadAllBytes(TestData.Shared("pkgdb", "npm", "package-lock.json")));

        Assert.Equal(
            [
                "@babel/helper-string-parser@7.19.4",
                "asap@2.0.6",
                "body-parser@1.18.3",
                "bytes@3.0.0",
                "content-type@1.0.5",
                "debug@2.5.2 dev",
                "debug@2.6.9",
                "depd@1.1.2",
                "ee-first@1.1.1",
                "encodeurl@1.0.2",
                "escape-html@1.0.3",
                "finalhandler@1.1.1",
                "http-errors@1.6.3",
                "iconv-lite@0.4.23",
                "inherits@2.0.3",
                "media-typer@0.3.0",
                "mime-db@1.52.0",
                "mime-types@2.1.35",
                "ms@0.7.2 dev",
                "ms@1.0.0",
                "ms@2.0.0",
                "on-finished@2.3.0",
                "parseurl@1.3.3",
                "promise@8.3.0",
                "qs@6.5.2",
                "raw-body@2.3.3",
                "safer-buffer@2.1.2",
                "setprototypeof@1.1.0",
                "statuses@1.4.0",
                "type-is@1.6.18",
                "unpipe@1.0.0",
            ],
            PackageText.Of(packages, markDevelopment: true));
        Assert.All(packages, p => Assert.Equal(("npm", LockPath), (p.Type, p.Path)));
        var babel = Assert.Single(packages, p => p.Name == "helper-string-parser");
        Assert.Equal("@babel", babel.Namespace);
    }

    [Fact]
    public void A_v1_lock_is_read_from_its_nested_dependencies_tree()
    {
        const string lockV1 = """
            {
              "name": "web",
              "version": "1.0.0",
              "lockfileVersion": 1,
              "requires": true,
              "dependencies": {
                "@types/node": { "version": "18.11.9", "resolved": "https://registry.npmjs.org/@types/node/-/node-18.11.9.tgz", "integrity": "sha512-x", "dev": true },
                "debug": {
                  "version": "2.6.9",
                  "resolved": "https://registry.npmjs.org/debug/-/debug-2.6.9.tgz",
                  "integrity": "sha512-y",
                  "requires": { "ms": "2.0.0" },
                  "dependencies": {
                    "ms": { "version": "2.0.0", "resolved": "https://registry.npmjs.org/ms/-/ms-2.0.0.tgz", "integrity": "sha512-z" }
                  }
                },
                "ms": { "version": "2.1.3", "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz", "integrity": "sha512-w" },
                "strip-ansi-cjs": { "version": "npm:strip-ansi@6.0.1", "resolved": "https://registry.npmjs.org/strip-ansi/-/strip-ansi-6.0.1.tgz", "integrity": "sha512-v" }
              }
            }
            """;

        var packages = _analyzer.Analyze(LockPath, PackageText.Utf8(lockV1));

        Assert.Equal(["@types/node@18.11.9 dev", "debug@2.6.9", "ms@2.0.0", "ms@2.1.3", "strip-ansi@6.0.1"], PackageText.Of(packages, markDevelopment: true));
    }

    [Fact]
    public void Workspaces_links_aliases_and_the_project_itself_are_told_apart_in_a_v2_lock()
    {
        const string lockV2 = """
            {
              "name": "mono",
              "lockfileVersion": 2,
              "packages": {
                "": { "name": "mono", "version": "1.0.0", "workspaces": ["packages/*"] },
                "packages/api": { "name": "@mono/api", "version": "0.1.0", "dependencies": { "left-pad": "^1.3.0" } },
                "node_modules/@mono/api": { "resolved": "packages/api", "link": true },
                "node_modules/left-pad": { "version": "1.3.0", "license": "WTFPL" },
                "node_modules/string-width-cjs": { "name": "string-width", "version": "4.2.3", "license": "MIT" },
                "node_modules/typescript": { "version": "5.0.4", "dev": true, "license": "Apache-2.0" },
                "packages/api/node_modules/typescript": { "version": "5.0.4", "license": "Apache-2.0" }
              },
              "dependencies": { "left-pad": { "version": "9.9.9" } }
            }
            """;

        var packages = _analyzer.Analyze(LockPath, PackageText.Utf8(lockV2));

        // typescript is a dev dependency at the root but a production one of the workspace: installed either way.
        Assert.Equal(["left-pad@1.3.0", "string-width@4.2.3", "typescript@5.0.4"], PackageText.Of(packages, markDevelopment: true));
        Assert.Equal(["WTFPL"], Assert.Single(packages, p => p.Name == "left-pad").Licenses);
    }

    [Theory]
    [InlineData("app/package-lock.json", true)]
    [InlineData("package-lock.json", true)]
    [InlineData("srv/npm-shrinkwrap.json", true)]
    [InlineData("app/node_modules/.package-lock.json", false)]
    [InlineData("app/node_modules/x/package-lock.json", false)]
    [InlineData("app/package.json", false)]
    public void Wants_lock_files_outside_node_modules(string path, bool wanted) => Assert.Equal(wanted, _analyzer.Wants(path));

    [Theory]
    [InlineData("""{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0.0"}""", "line 1")]
    [InlineData("""{"lockfileVersion": 3, "packages": []}""", "$.packages")]
    [InlineData("""{"lockfileVersion": 3, "packages": {"node_modules/a": "1.0.0"}}""", "$.packages[\"node_modules/a\"]")]
    [InlineData("""{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": 1}}}""", "$.packages[\"node_modules/a\"].version")]
    [InlineData("""{"lockfileVersion": 3, "packages": {"node_modules/a/b/c": {"version": "1.0.0"}}}""", "$.packages[\"node_modules/a/b/c\"]")]
    [InlineData("""{"lockfileVersion": 1, "dependencies": {"a": {"version": "1.0.0", "dependencies": []}}}""", "$.dependencies[\"a\"].dependencies")]
    [InlineData("[]", "$")]
    public void Malformed_locks_are_rejected_naming_the_field(string json, string field)
    {
        var error = Assert.Throws<InputException>(() => _analyzer.Analyze(LockPath, PackageText.Utf8(json)));

        Assert.Equal(LockPath, error.Source);
        Assert.StartsWith(field, error.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v1_tree_nested_past_the_depth_limit_is_rejected_not_recursed()
    {
        var json = "{\"lockfileVersion\":1,\"dependencies\":{" + string.Concat(Enumerable.Repeat("\"a\":{\"version\":\"1.0.0\",\"dependencies\":{", 200))
            + new string('}', 400) + "}}";

        var error = Assert.Throws<InputException>(() => _analyzer.Analyze(LockPath, PackageText.Utf8(json)));

        Assert.Contains("not valid JSON", error.Reason, StringComparison.Ordinal);
    }
}
