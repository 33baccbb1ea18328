namespace Tether.Scanner.Analyze;

/// <summary>
/// Finds packages in one kind of file (a package database, a lock file, a binary). Pure: the scanner walks the
/// image's final filesystem view, asks every analyzer whether it <see cref="Wants"/> a path, and hands it the
/// file's bytes (bounded by <see cref="MaxBytes"/>). No I/O, no clock; malformed content raises
/// <see cref="Core.Errors.InputException"/> naming the path and the field, never crashes or hangs.
/// </summary>
public interface IFileAnalyzer
{
    /// <summary>Short name recorded as the package's origin (<c>dpkg</c>, <c>apk</c>, <c>rpm-sqlite</c>, <c>npm-lock</c>…).</summary>
    string Name { get; }

    /// <summary>Largest file it reads; bigger files are skipped with a warning.</summary>
    long MaxBytes { get; }

    /// <summary>Whether this analyzer reads <paramref name="path"/> (relative to the root, <c>/</c> separators, no leading slash).</summary>
    bool Wants(string path);

    IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content);

    /// <summary>
    /// <see cref="Analyze"/> plus the records it skipped and why (an apk entry without a version, a dpkg stanza
    /// marked installed without one). The scanner calls this; an analyzer that never skips need not implement it.
    /// Malformed files still raise <see cref="Core.Errors.InputException"/>: a warning is for a record, not a file.
    /// </summary>
    FileAnalysis AnalyzeWithWarnings(string path, ReadOnlyMemory<byte> content) => new(Analyze(path, content), []);
}
