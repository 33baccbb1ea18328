using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Os.Apk;

/// <summary>
/// Alpine (and other apk-tools distros') packages from <c>lib/apk/db/installed</c>: stanzas of <c>K:value</c> lines
/// (one-letter keys) separated by blank lines. Read: <c>P</c> name, <c>V</c> version, <c>A</c> architecture,
/// <c>o</c> origin (the source package, aports directory), <c>L</c> licence as written (often a space-separated list
/// such as <c>MIT BSD</c>, kept whole), <c>F</c> directory and <c>R</c> file in the last directory (the file list).
/// A stanza without a name or version is skipped with a warning, as apk itself ignores it; a line that is not
/// <c>K:value</c> rejects the file.
/// </summary>
public sealed class ApkInstalledAnalyzer : IFileAnalyzer
{
    /// <summary>Most files listed for one package (the biggest Alpine packages list tens of thousands).</summary>
    public const int MaxFilesPerPackage = 1_000_000;

    public string Name => "apk";

    public long MaxBytes => 64L << 20;

    // apk-tools 3 moved its database under usr/; lib/apk is then a symlink the walker resolves or not.
    public bool Wants(string path) => path is "lib/apk/db/installed" or "usr/lib/apk/db/installed";

    public IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content) => AnalyzeWithWarnings(path, content).Packages;

    public FileAnalysis AnalyzeWithWarnings(string path, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = TextDatabase.Decode(path, content, MaxBytes);
        var packages = new List<ScannedPackage>();
        var warnings = new List<AnalyzerWarning>();
        var entry = new Entry(new FileListBudget(path));
        foreach (var (number, line) in TextDatabase.Lines(path, text))
        {
            if (line.Length == 0)
            {
                entry.Close(path, packages, warnings);
                continue;
            }

            if (line.Length < 2 || line[1] != ':' || !char.IsAsciiLetter(line[0]))
            {
                throw new InputException(path, $"line {number}", $"expected 'K:value', found '{(line.Length <= 80 ? line : line[..80] + "…")}'.");
            }

            entry.Add(path, number, line[0], line[2..]);
        }

        entry.Close(path, packages, warnings);
        return new FileAnalysis(packages, warnings);
    }

    /// <summary>The stanza being read.</summary>
    private sealed class Entry(FileListBudget budget)
    {
        private readonly List<string> files = [];
        private int line;
        private string? name;
        private string? version;
        private string? architecture;
        private string? origin;
        private string? license;
        private string directory = "";

        public void Add(string path, int number, char key, string value)
        {
            if (line == 0)
            {
                line = number;
            }

            switch (key)
            {
                case 'P':
                    name ??= value;
                    break;
                case 'V':
                    version ??= value;
                    break;
                case 'A':
                    architecture ??= value;
                    break;
                case 'o':
                    origin ??= value;
                    break;
                case 'L':
                    license ??= value;
                    break;
                case 'F':
                    directory = value.Trim('/');
                    break;
                case 'R':
                    if (files.Count == MaxFilesPerPackage)
                    {
                        throw new InputException(path, $"line {number}", $"package lists more than {MaxFilesPerPackage} files.");
                    }

                    files.Add(budget.Join(directory, value, $"line {number}"));
                    break;
                default:
                    break;
            }
        }

        public void Close(string path, List<ScannedPackage> packages, List<AnalyzerWarning> warnings)
        {
            if (line == 0)
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(version))
            {
                var what = string.IsNullOrWhiteSpace(name) ? "an entry without a name (P:)" : $"package '{name}' has no version (V:)";
                warnings.Add(new AnalyzerWarning(path, $"line {line}", $"{what}; skipped."));
            }
            else
            {
                packages.Add(new ScannedPackage("apk", name, version)
                {
                    Architecture = Empty(architecture),
                    SourceName = Empty(origin),
                    Licenses = Empty(license) is { } l ? [l] : [],
                    Path = path,
                    Files = [.. files],
                });
            }

            files.Clear();
            line = 0;
            name = version = architecture = origin = license = null;
            directory = "";
        }

        private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
