namespace Tether.Pipeline.Dockerfiles;

/// <summary>What a Dockerfile says, with 1-based line numbers so image layers can be attributed to lines.</summary>
public sealed record ParsedDockerfile(
    IReadOnlyList<DockerfileStage> Stages,
    IReadOnlyList<DockerfileLine> Instructions,
    char EscapeCharacter,
    string? Syntax)
{
    /// <summary>
    /// The final stage's base image with stage references followed (<c>FROM build AS final</c> → build's base);
    /// null when there is no FROM.
    /// </summary>
    public string? BaseImage
    {
        get
        {
            if (Stages.Count == 0)
            {
                return null;
            }

            var image = Stages[^1].Image;
            // Each hop moves to an earlier stage, so this ends after at most Stages.Count hops.
            for (var index = Stages.Count - 1; index >= 0; index--)
            {
                var earlier = FindStage(image, index);
                if (earlier is null)
                {
                    return image;
                }

                image = earlier.Value.Stage.Image;
                index = earlier.Value.Index;
            }

            return image;
        }
    }

    private (DockerfileStage Stage, int Index)? FindStage(string name, int before)
    {
        for (var i = before - 1; i >= 0; i--)
        {
            if (string.Equals(Stages[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return (Stages[i], i);
            }
        }

        return null;
    }
}

/// <summary>
/// One FROM. <see cref="Image"/> has build arguments substituted when their values are known; when one is not,
/// the text is kept as written (<c>node:${NODE_VERSION}</c>) rather than guessed.
/// </summary>
public sealed record DockerfileStage(int Line, string Image, string? Name, string? Platform, bool Resolved);

/// <summary>One instruction: keyword upper-cased, text as written (continuations joined, heredoc bodies included).</summary>
public sealed record DockerfileLine(int Line, string Keyword, string Text);
