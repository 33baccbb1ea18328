namespace Tether.Core.Errors;

/// <summary>
/// Bad input: names the input (file, URL, environment variable) and the field that is wrong, so the
/// user can fix it. Raised by parsers before anything is stored.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string source, string? field, string message, Exception? innerException = null)
        : base(Format(source, field, message), innerException)
    {
        Source = source;
        Field = field;
        Reason = message;
    }

    public InputException()
        : this("input", null, "invalid input")
    {
    }

    public InputException(string message)
        : this("input", null, message)
    {
    }

    public InputException(string message, Exception innerException)
        : this("input", null, message, innerException)
    {
    }

    /// <summary>The file, URL or variable the input came from.</summary>
    public new string Source { get; }

    /// <summary>JSON path or field name within the input, when one is to blame.</summary>
    public string? Field { get; }

    public string Reason { get; }

    private static string Format(string source, string? field, string message) =>
        field is null ? $"{source}: {message}" : $"{source}: {field}: {message}";
}
