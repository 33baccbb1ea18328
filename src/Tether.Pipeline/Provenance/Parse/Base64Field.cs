using Tether.Pipeline.Parsing;

namespace Tether.Pipeline.Provenance.Parse;

/// <summary>Base64 fields of envelopes and bundles: standard or URL-safe alphabet, padding optional, size-capped.</summary>
internal static class Base64Field
{
    public static byte[] Decode(JsonAt parent, string name, int maxDecodedBytes)
    {
        var text = parent.RequiredString(name);
        // 4 characters carry 3 bytes; refuse before allocating anything for an oversized field.
        if ((long)text.Length * 3 / 4 > maxDecodedBytes)
        {
            throw parent.Error(name, $"{text.Length} base64 characters is over the {maxDecodedBytes}-byte limit.");
        }

        var normalized = text.Replace('-', '+').Replace('_', '/').Trim();
        normalized = (normalized.Length % 4) switch
        {
            2 => normalized + "==",
            3 => normalized + "=",
            _ => normalized,
        };
        var buffer = new byte[normalized.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(normalized, buffer, out var written)
            ? buffer[..written]
            : throw parent.Error(name, "is not valid base64.");
    }
}
