using System.Diagnostics.CodeAnalysis;

namespace Tether.Pipeline.Identity;

/// <summary>Full git object names: 40 hex (SHA-1 repositories) or 64 hex (SHA-256 repositories), lower-cased.</summary>
public static class CommitSha
{
    public static bool IsValid([NotNullWhen(true)] string? sha) =>
        sha is { Length: 40 or 64 } && sha.All(Uri.IsHexDigit);

    public static string? Normalize(string? sha) => IsValid(sha) ? sha.ToLowerInvariant() : null;
}
