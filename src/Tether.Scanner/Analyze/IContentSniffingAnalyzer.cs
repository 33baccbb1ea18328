namespace Tether.Scanner.Analyze;

/// <summary>
/// An analyzer whose files are recognised by their first bytes, not their name: executables (Go, Rust) can be
/// called anything and live anywhere. Contract with the walker: for a regular file whose <see cref="IFileAnalyzer.Wants"/>
/// is true (a cheap name filter that lets almost every file through), read its first <see cref="HeadLength"/> bytes
/// and call <see cref="WantsContent"/>; buffer the whole file for <see cref="IFileAnalyzer.Analyze"/> only when that
/// is true too. A walker unaware of this interface still gets correct results (Analyze returns nothing for files
/// that are not ELF executables), only at the cost of buffering files for nothing.
/// </summary>
public interface IContentSniffingAnalyzer : IFileAnalyzer
{
    /// <summary>How many leading bytes <see cref="WantsContent"/> needs.</summary>
    int HeadLength { get; }

    /// <summary>Whether a file starting with <paramref name="head"/> (at most <see cref="HeadLength"/> bytes; fewer when the file is shorter) is one this analyzer reads.</summary>
    bool WantsContent(ReadOnlySpan<byte> head);
}
