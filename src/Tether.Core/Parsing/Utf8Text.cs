using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Tether.Core.Errors;

namespace Tether.Core.Parsing;

/// <summary>
/// Checks on UTF-8 input before it reaches System.Text.Json: a byte order mark (editors write them, Node and .NET
/// ignore them, the JSON reader does not) is dropped, and invalid UTF-8 is an input error here — JsonDocument only
/// finds it later, when a string is read, and then throws InvalidOperationException instead of a JSON error.
/// </summary>
internal static class Utf8Text
{
    public static ReadOnlyMemory<byte> ForJson(ReadOnlyMemory<byte> content, string source)
    {
        var text = content.Span.StartsWith("\uFEFF"u8) ? content[3..] : content;
        if (!Utf8.IsValid(text.Span))
        {
            throw new InputException(source, $"byte {FirstInvalid(text.Span) + 1}", "is not valid UTF-8.");
        }

        return text;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> span)
    {
        var at = 0;
        while (at < span.Length && Rune.DecodeFromUtf8(span[at..], out _, out var length) == OperationStatus.Done)
        {
            at += length;
        }

        return at;
    }
}
