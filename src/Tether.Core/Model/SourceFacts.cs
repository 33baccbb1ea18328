using Tether.Core.Graph;

namespace Tether.Core.Model;

/// <summary>A source repository. Key: normalized URL without scheme, e.g. <c>github.com/org/repo</c>.</summary>
public sealed record SourceRepositoryFacts(string Url) : NodeFacts
{
    public override string Kind => NodeKinds.SourceRepository;
    public override string Key => Url;
    /// <summary>Browsable URL (https://…) when known.</summary>
    public string? WebUrl { get; init; }
}

/// <summary>A commit. Key: <c>{repository}@{full sha}</c>.</summary>
public sealed record CommitFacts(string Repository, string Sha) : NodeFacts
{
    public override string Kind => NodeKinds.Commit;
    public override string Key => KeyOf(Repository, Sha);
    public static string KeyOf(string repository, string sha) => $"{repository}@{sha}";
    public string? Author { get; init; }
    public string? AuthorEmail { get; init; }
    public string? Message { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
}

/// <summary>A Dockerfile as it was at one commit. Key: <c>{repository}@{sha}:{path}</c>.</summary>
public sealed record DockerfileFacts(string Repository, string Sha, string Path) : NodeFacts
{
    public override string Kind => NodeKinds.Dockerfile;
    public override string Key => $"{Repository}@{Sha}:{Path}";
    /// <summary>Every FROM instruction, in order; the last one is the final stage's base.</summary>
    public IReadOnlyList<DockerfileFrom>? Stages { get; init; }
    /// <summary>Instructions with their 1-based line numbers, for attributing layers to lines.</summary>
    public IReadOnlyList<DockerfileInstruction>? Instructions { get; init; }
    /// <summary>sha256 of the Dockerfile content as reported.</summary>
    public string? ContentDigest { get; init; }
    /// <summary>The final stage's base image with stage names followed (<c>scratch</c> stays <c>scratch</c>).</summary>
    public string? BaseImage { get; init; }
    /// <summary>Build context directory as reported, relative to the repository root when known.</summary>
    public string? BuildContext { get; init; }
}

public sealed record DockerfileFrom(int Line, string Image, string? StageName, string? Platform);

public sealed record DockerfileInstruction(int Line, string Keyword, string Text);
