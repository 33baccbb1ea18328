namespace Tether.Registry.Client;

/// <summary>The distribution spec's grammar for repository names and tags; anything else never reaches a URL.</summary>
public static class RepositoryNames
{
    public static bool IsValid(string? repository) =>
        !string.IsNullOrEmpty(repository)
        && repository.Length <= 255
        && repository.Split('/').All(part =>
            part.Length > 0
            && (char.IsAsciiLetterLower(part[0]) || char.IsAsciiDigit(part[0]))
            && (char.IsAsciiLetterLower(part[^1]) || char.IsAsciiDigit(part[^1]))
            && part.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'));

    public static bool IsValidTag(string? tag) =>
        tag is { Length: > 0 and <= 128 }
        && (char.IsAsciiLetterOrDigit(tag[0]) || tag[0] == '_')
        && tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
