using System.Text;

namespace Tether.Registry.Client.Http;

/// <summary>
/// Splits <c>key=value, key="quoted, value"</c> lists (RFC 7235 auth-params, RFC 8288 link-params) honoring
/// quotes and backslash escapes, so a scope such as <c>repository:app:pull,push</c> stays one value.
/// </summary>
internal static class HeaderParameters
{
    public static Dictionary<string, string> Parse(string? text, char separator = ',')
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == separator || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            var keyStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != separator)
            {
                i++;
            }

            var key = text[keyStart..i].Trim();
            if (i >= text.Length || text[i] == separator)
            {
                if (key.Length > 0)
                {
                    result.TryAdd(key, "");
                }

                continue;
            }

            i++; // '='
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            string value;
            if (i < text.Length && text[i] == '"')
            {
                var builder = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    builder.Append(text[i]);
                    i++;
                }

                i++; // closing quote (or end of a truncated header)
                value = builder.ToString();
                while (i < text.Length && text[i] != separator)
                {
                    i++;
                }
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != separator)
                {
                    i++;
                }

                value = text[valueStart..i].Trim();
            }

            if (key.Length > 0)
            {
                result.TryAdd(key, value);
            }
        }

        return result;
    }
}
