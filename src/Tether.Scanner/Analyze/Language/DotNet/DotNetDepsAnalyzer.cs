using System.Text.Json;
using Tether.Core.Errors;
using Tether.Core.Parsing;

namespace Tether.Scanner.Analyze.Language.DotNet;

/// <summary>
/// .NET applications' <c>*.deps.json</c>: every <c>libraries</c> entry of type <c>package</c> is a NuGet package
/// (<c>"Name/Version"</c> keys). A self-contained app also lists the runtime it carries as <c>runtimepack</c>
/// entries (<c>runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/8.0.0</c>): those are reported as the NuGet
/// runtime packages they came from (<c>Microsoft.NETCore.App.Runtime.linux-x64</c>, …), the names .NET runtime
/// advisories are published under. Projects (the app and its own class libraries) and references are not packages.
/// </summary>
public sealed class DotNetDepsAnalyzer : IFileAnalyzer
{
    private const string RuntimePackPrefix = "runtimepack.";

    public string Name => "dotnet-deps";

    public long MaxBytes => 32 * 1024 * 1024;

    public bool Wants(string path) => path.EndsWith(".deps.json", StringComparison.Ordinal) && AnalyzerPath.FileName(path).Length > ".deps.json".Length;

    public IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content)
    {
        using var document = BoundedJson.Parse(content, path, (int)MaxBytes);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InputException(path, "$", $"must be an object, not {root.ValueKind}.");
        }

        if (!root.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object)
        {
            throw new InputException(path, "$.libraries", libraries.ValueKind == JsonValueKind.Undefined ? "is required." : $"must be an object, not {libraries.ValueKind}.");
        }

        var collector = new PackageCollector(path);
        foreach (var library in libraries.EnumerateObject())
        {
            var field = $"$.libraries[\"{library.Name}\"]";
            var type = BoundedJson.OptionalString(library.Value, "type", path, field);
            if (type is not ("package" or "runtimepack"))
            {
                continue;
            }

            var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == library.Name.Length - 1)
            {
                throw new InputException(path, field, "a library key must read 'Name/Version'.");
            }

            var name = library.Name[..slash];
            if (type == "runtimepack" && name.StartsWith(RuntimePackPrefix, StringComparison.Ordinal))
            {
                name = name[RuntimePackPrefix.Length..];
            }

            collector.Add(new ScannedPackage("nuget", PackageCollector.Coordinate(name, path, field), PackageCollector.Coordinate(library.Name[(slash + 1)..], path, field))
            {
                Path = path,
            });
        }

        return collector.ToList();
    }
}
