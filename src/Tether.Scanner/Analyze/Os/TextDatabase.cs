using System.Text;
using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Os;

/// <summary>
/// The text package databases (dpkg <c>status</c>, apk <c>installed</c>) as numbered lines, bounded: the file's size,
/// each line's length. A NUL byte means the file is not text (a binary or a corrupted file), said once, up front.
/// </summary>
internal static class TextDatabase
{
    /// <summary>Longest line read. Real lines are under a few kilobytes (long Description or Depends fields).</summary>
    public const int MaxLineLength = 1 << 20;

    public static string Decode(string path, ReadOnlyMemory<byte> content, long maxBytes)
    {
        if (content.Length > maxBytes)
        {
            throw new InputException(path, null, $"is {content.Length} bytes, over the {maxBytes}-byte limit for a package database.");
        }

        var nul = content.Span.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new InputException(path, $"byte {nul}", "contains a NUL byte: not a text package database.");
        }

        // Lenient decoding: a stray Latin-1 byte in a maintainer's name must not cost the package list.
        return Encoding.UTF8.GetString(content.Span);
    }

    /// <summary>The lines with their 1-based numbers, <c>\r\n</c> or <c>\n</c> terminated, each at most <see cref="MaxLineLength"/>.</summary>
    public static IEnumerable<(int Number, string Text)> Lines(string path, string text)
    {
        var number = 0;
        var start = 0;
        while (start < text.Length)
        {
            number++;
            var end = text.IndexOf('\n', start);
            var next = end < 0 ? text.Length : end + 1;
            var length = (end < 0 ? text.Length : end) - start;
            if (length > 0 && text[start + length - 1] == '\r')
            {
                length--;
            }

            if (length > MaxLineLength)
            {
                throw new InputException(path, $"line {number}", $"is {length} characters, over the {MaxLineLength}-character limit.");
            }

            yield return (number, text.Substring(start, length));
            start = next;
        }
    }
}
