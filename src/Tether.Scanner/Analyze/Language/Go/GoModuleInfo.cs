using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Language.Go;

/// <summary>
/// The module text of Go build info, one tab-separated record a line: <c>path</c> (the main package),
/// <c>mod</c> (the main module), <c>dep</c> (each module linked in), <c>=&gt;</c> (a replacement of the line before)
/// and <c>build</c> (settings such as <c>GOARCH=amd64</c>).
/// </summary>
internal sealed record GoModuleInfo(GoModule? Main, IReadOnlyList<GoModule> Dependencies, IReadOnlyDictionary<string, string> Settings)
{
    private const int MaxLines = 100_000;

    public static GoModuleInfo Parse(string text, string source)
    {
        GoModule? main = null;
        var dependencies = new List<GoModule>();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        GoModule? last = null;
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            if (++lineNumber > MaxLines)
            {
                throw new InputException(source, "Go module info", $"has more than {MaxLines} lines.");
            }

            var fields = line.Split('\t');
            var field = $"Go module info line {lineNumber}";
            switch (fields[0])
            {
                case "mod":
                    main = last = Module(fields, source, field);
                    break;
                case "dep":
                    last = Module(fields, source, field);
                    dependencies.Add(last);
                    break;
                case "=>":
                    if (last is null)
                    {
                        throw new InputException(source, field, "a replacement must follow a mod or dep line.");
                    }

                    var replacement = Module(fields, source, field);
                    var replaced = last with { Replacement = replacement };
                    if (ReferenceEquals(last, main))
                    {
                        main = replaced;
                    }
                    else
                    {
                        dependencies[^1] = replaced;
                    }

                    last = null;
                    break;
                case "build":
                    if (fields.Length >= 2 && fields[1].IndexOf('=', StringComparison.Ordinal) is var equals and > 0)
                    {
                        settings[fields[1][..equals]] = fields[1][(equals + 1)..];
                    }

                    break;
            }
        }

        return new GoModuleInfo(main, dependencies, settings);
    }

    private static GoModule Module(string[] fields, string source, string field)
    {
        if (fields.Length < 2 || fields[1].Length == 0)
        {
            throw new InputException(source, field, "names no module path.");
        }

        // A directory replacement has no version ("=>\t../fork\t\t" in old toolchains, "(devel)" in new ones).
        var version = fields.Length >= 3 && fields[2].Length > 0 ? fields[2] : null;
        return new GoModule(fields[1], version);
    }
}

/// <summary>One module as Go build info lists it; <see cref="Replacement"/> is what the build used instead.</summary>
internal sealed record GoModule(string Path, string? Version, GoModule? Replacement = null);
