using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Os;

/// <summary>
/// Bounds the file lists one database yields. Paths are built by joining a directory with a name (apk <c>F:</c> +
/// <c>R:</c>, rpm DIRNAMES + BASENAMES), so a few hostile bytes (one long directory, a million short names) could
/// otherwise expand into gigabytes of strings. Real databases stay far below: a full Fedora install lists about
/// 300,000 files and 20 million characters.
/// </summary>
internal sealed class FileListBudget(string source)
{
    /// <summary>Longest path kept (Linux's PATH_MAX).</summary>
    public const int MaxPathLength = 4096;

    /// <summary>Most characters of file paths in one database.</summary>
    public const long MaxCharacters = 64L << 20;

    private long used;

    public string Take(string path, string where)
    {
        if (path.Length > MaxPathLength)
        {
            throw new InputException(source, where, $"file path of {path.Length} characters is over the {MaxPathLength}-character limit.");
        }

        used += path.Length;
        if (used > MaxCharacters)
        {
            throw new InputException(source, where, $"file lists exceed {MaxCharacters} characters in total.");
        }

        return path;
    }

    /// <summary>Checks a joined path's length before building it.</summary>
    public string Join(string directory, string name, string where)
    {
        if ((long)directory.Length + name.Length + 1 > MaxPathLength)
        {
            throw new InputException(source, where, $"file path of {directory.Length + name.Length + 1} characters is over the {MaxPathLength}-character limit.");
        }

        return Take(directory.Length == 0 ? name : $"{directory}/{name}", where);
    }
}
