using System.Diagnostics.CodeAnalysis;

namespace Tether.Core.Identity;

/// <summary>
/// A parsed image reference <c>[registry/]repository[:tag][@digest]</c>, normalized as Docker does:
/// no registry means <c>docker.io</c>, and a single-component Docker Hub name lives under <c>library/</c>.
/// </summary>
public sealed record ImageName(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    /// <summary><c>registry/repository</c>.</summary>
    public string FullRepository => $"{Registry}/{Repository}";

    public override string ToString() =>
        FullRepository + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    public static ImageName Parse(string text) =>
        TryParse(text, out var name, out var error) ? name : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageName? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 4096 || text.Any(char.IsWhiteSpace))
        {
            error = $"'{text}' is not an image reference.";
            return false;
        }

        string? digest = null;
        var remainder = text;
        var at = remainder.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!Identity.Digest.TryParse(remainder[(at + 1)..], out digest))
            {
                error = $"'{text}': '{remainder[(at + 1)..]}' is not a digest.";
                return false;
            }

            remainder = remainder[..at];
        }

        string? tag = null;
        var lastSlash = remainder.LastIndexOf('/');
        var lastColon = remainder.LastIndexOf(':');
        if (lastColon > lastSlash)
        {
            tag = remainder[(lastColon + 1)..];
            remainder = remainder[..lastColon];
            if (!IsValidTag(tag))
            {
                error = $"'{text}': '{tag}' is not a valid tag.";
                return false;
            }
        }

        string registry;
        string repository;
        var firstSlash = remainder.IndexOf('/', StringComparison.Ordinal);
        var first = firstSlash < 0 ? "" : remainder[..firstSlash];
        if (firstSlash >= 0 && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"))
        {
            registry = first;
            repository = remainder[(firstSlash + 1)..];
        }
        else
        {
            registry = DockerHub;
            repository = remainder;
        }

        if (registry is "index.docker.io" or "registry-1.docker.io")
        {
            registry = DockerHub;
        }

        if (registry == DockerHub && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = "library/" + repository;
        }

        if (!IsValidRepository(repository))
        {
            error = $"'{text}': repository '{repository}' must be lower-case path components of [a-z0-9._-].";
            return false;
        }

        name = new ImageName(registry, repository, tag, digest);
        return true;
    }

    private static bool IsValidTag(string tag) =>
        tag.Length is > 0 and <= 128
        && (char.IsAsciiLetterOrDigit(tag[0]) || tag[0] == '_')
        && tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static bool IsValidRepository(string repository) =>
        repository.Length > 0
        && repository.Split('/').All(part =>
            part.Length > 0
            && (char.IsAsciiLetterLower(part[0]) || char.IsAsciiDigit(part[0]))
            && part.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'));
}
