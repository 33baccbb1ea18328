namespace Tether.Pipeline.Provenance.Parse;

/// <summary>Repository URLs as provenance writes them: <c>git+https://host/org/repo@refs/heads/main</c>, <c>https://host/org/repo.git#ref</c>.</summary>
internal static class SourceUris
{
    /// <summary>The repository part, without <c>git+</c>, <c>@ref</c> or <c>#ref</c>; null for non-repository URIs (pkg:, plain http files).</summary>
    public static string? Repository(string? uri, out string? gitRef)
    {
        gitRef = null;
        if (string.IsNullOrWhiteSpace(uri) || uri.StartsWith("pkg:", StringComparison.Ordinal))
        {
            return null;
        }

        var text = uri.Trim();
        var isGit = text.StartsWith("git+", StringComparison.Ordinal) || text.StartsWith("git@", StringComparison.Ordinal)
            || text.StartsWith("ssh://", StringComparison.Ordinal) || text.Contains(".git", StringComparison.Ordinal)
            || text.Contains('#', StringComparison.Ordinal);
        if (text.StartsWith("git+", StringComparison.Ordinal))
        {
            text = text[4..];
        }

        var hash = text.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            gitRef = text[(hash + 1)..];
            text = text[..hash];
        }

        // "@refs/…" after the path; an '@' before the host (git@github.com:…) is a user, not a ref.
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var pathStart = schemeEnd >= 0 ? text.IndexOf('/', schemeEnd + 3) : text.IndexOf(':', StringComparison.Ordinal);
        var at = pathStart >= 0 ? text.IndexOf('@', pathStart) : -1;
        if (at >= 0)
        {
            gitRef ??= text[(at + 1)..];
            text = text[..at];
            isGit = true;
        }

        return isGit || text.StartsWith("https://", StringComparison.Ordinal) ? text : null;
    }
}
