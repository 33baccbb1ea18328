using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Tether.Core.Identity;

/// <summary>An OCI content digest (<c>algorithm:hex</c>). Images are keyed by these, never by tags.</summary>
public static class Digest
{
    /// <summary>Parses a digest, accepting only sha256 (64 hex) and sha512 (128 hex), lower-cased.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out string? digest)
    {
        digest = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var algorithm = text[..colon];
        var hex = text[(colon + 1)..];
        var expected = algorithm switch
        {
            "sha256" => 64,
            "sha512" => 128,
            _ => -1,
        };
        if (hex.Length != expected || !hex.All(Uri.IsHexDigit))
        {
            return false;
        }

        digest = $"{algorithm}:{hex.ToLowerInvariant()}";
        return true;
    }

    public static string Parse(string? text, string what) =>
        TryParse(text, out var digest)
            ? digest
            : throw new FormatException($"{what}: '{text}' is not a digest (expected sha256:<64 hex> or sha512:<128 hex>).");

    public static string Sha256(ReadOnlySpan<byte> content) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>First 12 hex characters, as Docker prints them.</summary>
    public static string Short(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var hex = colon >= 0 ? digest[(colon + 1)..] : digest;
        return hex.Length > 12 ? hex[..12] : hex;
    }
}
