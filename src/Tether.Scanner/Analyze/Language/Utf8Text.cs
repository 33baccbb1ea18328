namespace Tether.Scanner.Analyze.Language;

/// <summary>UTF-8 byte order marks: editors on Windows write them, Node and .NET ignore them, System.Text.Json's reader does not.</summary>
internal static class Utf8Text
{
    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> content) =>
        content.Span.StartsWith("\uFEFF"u8) ? content[3..] : content;
}
