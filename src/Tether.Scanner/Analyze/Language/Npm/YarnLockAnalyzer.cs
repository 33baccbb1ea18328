using System.Text;
using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Language.Npm;

/// <summary>
/// <c>yarn.lock</c>, classic (v1: <c>"name@range", name@range2:</c> headers, <c>version "1.2.3"</c>) and Berry
/// (v2+: YAML with <c>__metadata</c>, <c>resolution: "name@npm:1.2.3"</c>). Berry entries are reported only when
/// resolved from the registry (<c>@npm:</c>); workspaces, links, patches (a copy of an npm entry already listed)
/// and git or file sources are not registry packages. Yarn locks carry no dev marker.
/// </summary>
public sealed class YarnLockAnalyzer : IFileAnalyzer
{
    private const int MaxLineLength = 64 * 1024;

    public string Name => "yarn-lock";

    public long MaxBytes => 64 * 1024 * 1024;

    public bool Wants(string path) => AnalyzerPath.FileName(path) == "yarn.lock" && !AnalyzerPath.HasFolder(path, "node_modules");

    public IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content)
    {
        if (content.Length > MaxBytes)
        {
            throw new InputException(path, null, $"{content.Length} bytes is over the {MaxBytes}-byte limit for yarn.lock.");
        }

        var text = Encoding.UTF8.GetString(content.Span).TrimStart('\uFEFF');
        var collector = new PackageCollector(path);
        Entry? entry = null;
        var lineNumber = 0;
        foreach (var span in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (span.Length > MaxLineLength)
            {
                throw new InputException(path, $"line {lineNumber}", $"is longer than {MaxLineLength} characters.");
            }

            var line = span.ToString();
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                Flush(entry, path, collector);
                entry = line.EndsWith(':') ? new Entry(line[..^1], lineNumber) : throw new InputException(path, $"line {lineNumber}", "an entry header must end with ':'.");
                continue;
            }

            // Only the entry's own fields (two-space indent) matter; deeper lines are its dependency lists.
            if (entry is null || line.Length < 3 || line[0] != ' ' || line[1] != ' ' || line[2] == ' ')
            {
                continue;
            }

            var (key, value) = Field(line[2..]);
            switch (key)
            {
                case "version":
                    entry.Version = value;
                    break;
                case "resolution":
                    entry.Resolution = value;
                    break;
            }
        }

        Flush(entry, path, collector);
        return collector.ToList();
    }

    private static void Flush(Entry? entry, string path, PackageCollector collector)
    {
        if (entry is null || entry.Header == "__metadata" || string.IsNullOrWhiteSpace(entry.Version))
        {
            return;
        }

        var field = $"line {entry.Line}";
        string fullName;
        if (entry.Resolution is { } resolution)
        {
            var npm = resolution.IndexOf("@npm:", 1, StringComparison.Ordinal);
            if (npm < 0)
            {
                return;
            }

            fullName = resolution[..npm];
        }
        else
        {
            var first = entry.Header.Split(',')[0].Trim();
            (fullName, _) = NpmName.SplitSpecifier(Unquote(first));
        }

        var (scope, name) = NpmName.Split(fullName, path, field);
        collector.Add(new ScannedPackage("npm", name, PackageCollector.Coordinate(entry.Version, path, field + " version"))
        {
            Namespace = scope,
            Path = path,
        });
    }

    // "version \"1.2.3\"" (v1) or "version: 1.2.3" (Berry).
    private static (string Key, string Value) Field(string line)
    {
        var separator = line.IndexOfAny([' ', ':']);
        if (separator < 0)
        {
            return (line, "");
        }

        var key = line[..separator];
        var value = line[(separator + 1)..].TrimStart(':').Trim();
        return (key, Unquote(value));
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private sealed class Entry(string header, int line)
    {
        public string Header { get; } = header;

        public int Line { get; } = line;

        public string? Version { get; set; }

        public string? Resolution { get; set; }
    }
}
