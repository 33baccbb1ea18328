namespace Tether.Scanner.Analyze.Language;

/// <summary>
/// The cheap name filter in front of the binary analyzers' content check: executables may be called anything, so
/// only names that are certainly something else are turned away — sources, text, data, archives, images, shared
/// libraries (Go and Rust code in images is almost always an executable; scanning every <c>.so</c> in
/// <c>/usr/lib</c> would cost far more than it finds).
/// </summary>
internal static class ExecutableNames
{
    private static readonly HashSet<string> NotExecutable = new(StringComparer.OrdinalIgnoreCase)
    {
        ".a", ".o", ".ko", ".so", ".la", ".h", ".hpp", ".c", ".cc", ".cpp", ".go", ".rs", ".py", ".pyc", ".pyi", ".js", ".mjs", ".cjs", ".ts",
        ".map", ".rb", ".pl", ".pm", ".php", ".java", ".class", ".jar", ".war", ".ear", ".json", ".yaml", ".yml", ".toml", ".xml", ".html",
        ".htm", ".css", ".txt", ".md", ".rst", ".cfg", ".conf", ".ini", ".log", ".sh", ".bash", ".csv", ".gz", ".xz", ".bz2", ".zst", ".zip",
        ".tar", ".tgz", ".deb", ".rpm", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".pem", ".crt", ".key", ".mo", ".po", ".ttf", ".otf",
        ".woff", ".woff2", ".gemspec", ".dll", ".pdb", ".mod", ".sum", ".lock", ".dat", ".db", ".sqlite", ".wasm",
    };

    public static bool MayBeExecutable(string path)
    {
        var file = AnalyzerPath.FileName(path);
        if (file.Length == 0 || file.Contains(".so.", StringComparison.Ordinal))
        {
            return false;
        }

        var dot = file.LastIndexOf('.');
        return dot <= 0 || !NotExecutable.Contains(file[dot..]);
    }
}
