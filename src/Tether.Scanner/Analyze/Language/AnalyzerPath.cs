namespace Tether.Scanner.Analyze.Language;

/// <summary>Path tests on image paths (relative, <c>/</c> separators) shared by the analyzers' <c>Wants</c>.</summary>
internal static class AnalyzerPath
{
    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>The name of the folder holding the file (<c>a/b.dist-info/METADATA</c> → <c>b.dist-info</c>), or empty at the root.</summary>
    public static string ParentName(string path)
    {
        var slash = path.LastIndexOf('/');
        if (slash <= 0)
        {
            return "";
        }

        var previous = path.LastIndexOf('/', slash - 1);
        return path[(previous + 1)..slash];
    }

    /// <summary>Whether a whole segment of the path (not the file name) equals <paramref name="segment"/>.</summary>
    public static bool HasFolder(string path, string segment)
    {
        var start = 0;
        while (true)
        {
            var slash = path.IndexOf('/', start);
            if (slash < 0)
            {
                return false;
            }

            if (path.AsSpan(start, slash - start).SequenceEqual(segment))
            {
                return true;
            }

            start = slash + 1;
        }
    }
}
