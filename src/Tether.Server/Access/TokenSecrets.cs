using System.Security.Cryptography;
using System.Text;

namespace Tether.Server.Access;

/// <summary>
/// The shape of an API token's secret: <c>tth_</c> and 32 random bytes in base64url. The store keeps only the
/// secret's SHA-256 and the hash's first 8 bytes in hex (<see cref="LookupKey"/>) to find the row: the lookup key
/// says nothing about the secret, and the full hash is then compared in constant time.
/// </summary>
public static class TokenSecrets
{
    public const string Prefix = "tth_";
    private const int SecretBytes = 32;

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    public static string LookupKey(byte[] hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    /// <summary>True when the text could be one of our secrets (cheap check before any store read).</summary>
    public static bool LooksLikeSecret(string text) =>
        text.StartsWith(Prefix, StringComparison.Ordinal) && text.Length is > 40 and < 100;
}
