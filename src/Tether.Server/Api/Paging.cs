using System.Buffers.Text;
using System.Text;

namespace Tether.Server.Api;

/// <summary>A page of a list and the cursor of the next one (null at the end).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// <c>limit</c> (default 100, capped at 1000) and <c>cursor</c> (opaque: the base64url of the last key read, or of
/// an offset for computed lists), so a client pages without the server holding state.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    public static int Limit(int? requested) => Math.Clamp(requested ?? DefaultLimit, 1, MaxLimit);

    public static string Encode(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));

    /// <summary>The key in a cursor, or null for none; throws <see cref="BadRequestException"/> for a cursor we did not make.</summary>
    public static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            return cursor.Length > 4096 ? throw new FormatException() : Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw new BadRequestException("cursor", "not a cursor this API returned.");
        }
    }
}

/// <summary>A bad query parameter or body field: answered 400 with the field named (see <see cref="ApiErrors"/>).</summary>
public sealed class BadRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
