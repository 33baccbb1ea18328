namespace Tether.Core.Identity;

/// <summary>
/// Normalizes source repository locations to one identity: <c>host/path</c>, lower-case host,
/// no scheme, no credentials, no <c>.git</c> suffix. <c>git@github.com:org/repo.git</c>,
/// <c>https://github.com/org/repo</c> and <c>git+https://github.com/org/repo.git</c> are all
/// <c>github.com/org/repo</c>.
/// </summary>
public static class RepositoryUrl
{
    public static string? TryNormalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var text = url.Trim();
        if (text.StartsWith("git+", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..];
        }

        // scp-like syntax: git@host:org/repo.git
        if (!text.Contains("://", StringComparison.Ordinal) && text.Contains('@', StringComparison.Ordinal) && text.Contains(':', StringComparison.Ordinal))
        {
            var at = text.IndexOf('@', StringComparison.Ordinal);
            var colon = text.IndexOf(':', at);
            text = "ssh://" + text[(at + 1)..colon] + "/" + text[(colon + 1)..];
        }
        else if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^4];
        }

        if (path.Length == 0)
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant();
        // Azure DevOps has several spellings of one repository; keep the modern one.
        if (host.EndsWith(".visualstudio.com", StringComparison.Ordinal))
        {
            var organization = host[..host.IndexOf('.', StringComparison.Ordinal)];
            host = "dev.azure.com";
            path = organization + "/" + path;
        }
        else if (host == "ssh.dev.azure.com" && path.StartsWith("v3/", StringComparison.Ordinal))
        {
            var parts = path[3..].Split('/');
            host = "dev.azure.com";
            path = parts.Length == 3 ? $"{parts[0]}/{parts[1]}/_git/{parts[2]}" : path[3..];
        }

        return $"{host}/{Uri.UnescapeDataString(path)}";
    }

    /// <summary>A browsable https URL for a normalized repository.</summary>
    public static string WebUrl(string normalized) => "https://" + normalized;
}
