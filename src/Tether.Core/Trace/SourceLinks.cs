namespace Tether.Core.Trace;

/// <summary>Browsable links for commits and file lines on the common forges.</summary>
public static class SourceLinks
{
    public static string? Commit(string repository, string sha)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return Forge(repository) switch
        {
            "github" => $"https://{repository}/commit/{sha}",
            "gitlab" => $"https://{repository}/-/commit/{sha}",
            "azure" => $"https://{repository}/commit/{sha}",
            _ => null,
        };
    }

    public static string? FileLine(string repository, string sha, string path, int? line)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(path);
        // Only a leading "./" or "/" goes: ".github/…" keeps its dot.
        var clean = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path.TrimStart('/');
        return Forge(repository) switch
        {
            "github" => $"https://{repository}/blob/{sha}/{clean}" + (line is { } l ? $"#L{l}" : ""),
            "gitlab" => $"https://{repository}/-/blob/{sha}/{clean}" + (line is { } l ? $"#L{l}" : ""),
            "azure" => $"https://{repository}?path=/{clean}&version=GC{sha}" + (line is { } l ? $"&line={l}&lineEnd={l}&lineStartColumn=1&lineEndColumn=200" : ""),
            _ => null,
        };
    }

    private static string? Forge(string repository) =>
        repository.StartsWith("github.com/", StringComparison.Ordinal) ? "github"
        : repository.StartsWith("gitlab.com/", StringComparison.Ordinal) ? "gitlab"
        : repository.StartsWith("dev.azure.com/", StringComparison.Ordinal) ? "azure"
        : null;
}
