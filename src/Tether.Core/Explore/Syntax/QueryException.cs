namespace Tether.Core.Explore.Syntax;

/// <summary>
/// A malformed or invalid query. For the text form <see cref="Line"/>/<see cref="Column"/> (1-based) locate the error and
/// <see cref="Excerpt"/> shows the line with a caret under it; for the JSON form <see cref="Path"/> names the field.
/// </summary>
public sealed class QueryException : Exception
{
    public QueryException(string message)
        : base(message)
    {
    }

    public QueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public QueryException()
    {
    }

    private QueryException(string message, string detail, int? line, int? column, string? excerpt, string? path)
        : base(message)
    {
        Detail = detail;
        Line = line;
        Column = column;
        Excerpt = excerpt;
        Path = path;
    }

    /// <summary>The reason alone, without the position.</summary>
    public string Detail { get; } = "";

    public int? Line { get; }

    public int? Column { get; }

    /// <summary>The offending line and a caret under the error's column.</summary>
    public string? Excerpt { get; }

    /// <summary>JSON path of the offending field (JSON form).</summary>
    public string? Path { get; }

    /// <summary>An error at <paramref name="offset"/> of <paramref name="text"/>.</summary>
    public static QueryException At(string text, int offset, string detail)
    {
        ArgumentNullException.ThrowIfNull(text);
        offset = Math.Clamp(offset, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var lineEnd = text.IndexOf('\n', lineStart);
        var lineText = (lineEnd < 0 ? text[lineStart..] : text[lineStart..lineEnd]).TrimEnd('\r');
        var column = offset - lineStart + 1;

        // A very long line is shown around the error only, so the message stays readable and bounded.
        var shownFrom = Math.Max(0, column - 1 - 60);
        var shown = lineText.Length - shownFrom > 120 ? lineText.Substring(shownFrom, 120) : lineText[shownFrom..];
        var excerpt = shown.Replace('\t', ' ') + "\n" + new string(' ', column - 1 - shownFrom) + "^";
        return new QueryException($"{line}:{column}: {detail}\n{excerpt}", detail, line, column, excerpt, null);
    }

    /// <summary>An error in the JSON form at <paramref name="path"/>.</summary>
    public static QueryException AtPath(string path, string detail) =>
        new($"{path}: {detail}", detail, null, null, null, path);

    /// <summary>An error located by a syntax node: text position when it has one, else its JSON path.</summary>
    public static QueryException For(string? text, int position, string path, string detail) =>
        text is not null && position >= 0 ? At(text, position, detail) : AtPath(path, detail);
}
