using System.Text.Json;
using Tether.Core.Errors;
using Tether.Core.Parsing;

namespace Tether.Scanner.Analyze.Language.Npm;

/// <summary>
/// Installed npm packages: the <c>package.json</c> of each folder directly under a <c>node_modules</c>
/// (<c>node_modules/x/package.json</c>, <c>node_modules/@scope/x/package.json</c>, at any depth, pnpm's
/// <c>.pnpm/…/node_modules/x</c> too). A package.json elsewhere is the application's own source, not an installed
/// package, and is not read. A manifest without a name or version (a stub some tools leave) yields nothing.
/// </summary>
public sealed class NpmPackageJsonAnalyzer : IFileAnalyzer
{
    public string Name => "npm-package";

    public long MaxBytes => 4 * 1024 * 1024;

    public bool Wants(string path)
    {
        if (!path.EndsWith("/package.json", StringComparison.Ordinal))
        {
            return false;
        }

        // Walk back from the file: [@scope/]name/package.json must sit right under a node_modules folder.
        var segments = path.Split('/');
        var n = segments.Length;
        if (n >= 3 && segments[n - 3] == "node_modules")
        {
            return IsPackageFolder(segments[n - 2]) && !segments[n - 2].StartsWith('@');
        }

        return n >= 4 && segments[n - 4] == "node_modules" && segments[n - 3].Length > 1 && segments[n - 3].StartsWith('@') && IsPackageFolder(segments[n - 2]);
    }

    public IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content)
    {
        using var document = BoundedJson.Parse(content, path, (int)MaxBytes);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InputException(path, "$", $"must be an object, not {root.ValueKind}.");
        }

        var name = BoundedJson.OptionalString(root, "name", path, "$");
        var version = BoundedJson.OptionalString(root, "version", path, "$");
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(version))
        {
            return [];
        }

        var (scope, bare) = NpmName.Split(name, path, "$.name");
        return
        [
            new ScannedPackage("npm", bare, PackageCollector.Coordinate(version, path, "$.version"))
            {
                Namespace = scope,
                Licenses = NpmLicense.Read(root),
                Path = path,
            },
        ];
    }

    private static bool IsPackageFolder(string segment) => segment.Length > 0 && !segment.StartsWith('.') && segment != "node_modules";
}
