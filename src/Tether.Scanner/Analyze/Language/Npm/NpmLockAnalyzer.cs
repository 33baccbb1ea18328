using System.Text.Json;
using Tether.Core.Errors;
using Tether.Core.Parsing;

namespace Tether.Scanner.Analyze.Language.Npm;

/// <summary>
/// npm lock files (<c>package-lock.json</c>, <c>npm-shrinkwrap.json</c>), lockfileVersion 1 to 3. Versions 2 and 3
/// are read from <c>packages</c>, whose keys are install paths (<c>node_modules/a/node_modules/@s/b</c>); version 1
/// from the nested <c>dependencies</c> tree. The project itself (key <c>""</c>), workspace folders (keys without
/// <c>node_modules/</c>) and links are not packages. Lock files inside <c>node_modules</c> (npm's hidden
/// <c>.package-lock.json</c>, a published package's own lock) are not read: the installed package.json files say
/// the same with more certainty.
/// </summary>
public sealed class NpmLockAnalyzer : IFileAnalyzer
{
    private const string NodeModules = "node_modules/";

    public string Name => "npm-lock";

    public long MaxBytes => 64 * 1024 * 1024;

    public bool Wants(string path)
    {
        var file = AnalyzerPath.FileName(path);
        return file is "package-lock.json" or "npm-shrinkwrap.json" && !AnalyzerPath.HasFolder(path, "node_modules");
    }

    public IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content)
    {
        using var document = BoundedJson.Parse(content, path, (int)MaxBytes);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InputException(path, "$", $"must be an object, not {root.ValueKind}.");
        }

        var collector = new PackageCollector(path);
        if (root.TryGetProperty("packages", out var packages) && packages.ValueKind != JsonValueKind.Null)
        {
            ReadPackages(packages, path, collector);
        }
        else if (root.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind != JsonValueKind.Null)
        {
            ReadDependencies(dependencies, path, "$.dependencies", collector);
        }

        return collector.ToList();
    }

    private static void ReadPackages(JsonElement packages, string path, PackageCollector collector)
    {
        if (packages.ValueKind != JsonValueKind.Object)
        {
            throw new InputException(path, "$.packages", $"must be an object, not {packages.ValueKind}.");
        }

        foreach (var entry in packages.EnumerateObject())
        {
            var field = $"$.packages[\"{entry.Name}\"]";
            var installedAt = entry.Name.LastIndexOf(NodeModules, StringComparison.Ordinal);
            if (installedAt < 0 || (installedAt > 0 && entry.Name[installedAt - 1] != '/'))
            {
                continue;
            }

            var package = entry.Value;
            if (package.ValueKind != JsonValueKind.Object)
            {
                throw new InputException(path, field, $"must be an object, not {package.ValueKind}.");
            }

            if (IsTrue(package, "link"))
            {
                continue;
            }

            var version = BoundedJson.OptionalString(package, "version", path, field);
            if (string.IsNullOrWhiteSpace(version))
            {
                continue;
            }

            // An alias (node_modules/alias installed from "npm:real@1") records the real name in "name".
            var fullName = BoundedJson.OptionalString(package, "name", path, field) ?? entry.Name[(installedAt + NodeModules.Length)..];
            var (scope, name) = NpmName.Split(fullName, path, field);
            collector.Add(new ScannedPackage("npm", name, PackageCollector.Coordinate(version, path, field + ".version"))
            {
                Namespace = scope,
                Licenses = NpmLicense.Read(package),
                Development = IsTrue(package, "dev"),
                Path = path,
            });
        }
    }

    // lockfileVersion 1: { name: { version, dev, dependencies: { nested… } } }, recursion bounded by BoundedJson's depth cap.
    private static void ReadDependencies(JsonElement dependencies, string path, string field, PackageCollector collector)
    {
        if (dependencies.ValueKind != JsonValueKind.Object)
        {
            throw new InputException(path, field, $"must be an object, not {dependencies.ValueKind}.");
        }

        foreach (var entry in dependencies.EnumerateObject())
        {
            var entryField = $"{field}[\"{entry.Name}\"]";
            var package = entry.Value;
            if (package.ValueKind != JsonValueKind.Object)
            {
                throw new InputException(path, entryField, $"must be an object, not {package.ValueKind}.");
            }

            var version = BoundedJson.OptionalString(package, "version", path, entryField);
            if (!string.IsNullOrWhiteSpace(version))
            {
                var fullName = entry.Name;

                // v1 writes an alias as "alias": { "version": "npm:real@1.2.3" }.
                if (version.StartsWith("npm:", StringComparison.Ordinal))
                {
                    (fullName, version) = NpmName.SplitSpecifier(version[4..]);
                }

                var (scope, name) = NpmName.Split(fullName, path, entryField);
                collector.Add(new ScannedPackage("npm", name, PackageCollector.Coordinate(version, path, entryField + ".version"))
                {
                    Namespace = scope,
                    Development = IsTrue(package, "dev"),
                    Path = path,
                });
            }

            if (package.TryGetProperty("dependencies", out var nested) && nested.ValueKind != JsonValueKind.Null)
            {
                ReadDependencies(nested, path, entryField + ".dependencies", collector);
            }
        }
    }

    private static bool IsTrue(JsonElement package, string name) =>
        package.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
