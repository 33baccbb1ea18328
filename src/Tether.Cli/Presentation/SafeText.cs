namespace Tether.Cli.Presentation;

/// <summary>
/// Values from scanned images, reports and clusters are untrusted: a vulnerability id or package name
/// carrying ESC sequences must not drive the user's terminal. Table and Markdown output pass through here
/// (JSON output is escaped by the serializer).
/// </summary>
internal static class SafeText
{
    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        return text.Any(IsControl) ? new string(text.Where(c => !IsControl(c)).ToArray()) : text;
    }

    // C0 (but newline, which the renderers use between lines), DEL and C1.
    private static bool IsControl(char c) => (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f);
}
