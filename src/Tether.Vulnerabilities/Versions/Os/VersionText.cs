namespace Tether.Vulnerabilities.Versions.Os;

/// <summary>
/// Checks shared by the OS package schemes. The reference tools read C strings of UTF-8 bytes, so a version
/// Tether compares must be representable as one: no NUL (it would end the C string early) and no lone UTF-16
/// surrogate (it has no UTF-8 encoding).
/// </summary>
internal static class VersionText
{
    /// <summary>Why <paramref name="text"/> cannot reach a C tool unchanged, or null when it can.</summary>
    public static string? CheckEncodable(ReadOnlySpan<char> text)
    {
        // Fast path: every character is in U+0001..U+D7FF (ASCII and most of the BMP).
        var index = text.IndexOfAnyExceptInRange('\u0001', '\uD7FF');
        if (index < 0)
        {
            return null;
        }

        for (var i = index; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return $"NUL character at offset {i}";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"unpaired UTF-16 surrogate at offset {i} (not valid Unicode text)";
            }
        }

        return null;
    }

    public static bool IsAsciiDigit(char c) => (uint)(c - '0') <= 9;

    public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsAsciiLower(char c) => (uint)(c - 'a') <= 'z' - 'a';
}
