using Tether.Core.Errors;
using Tether.Core.Identity;
using Tether.Pipeline.CiReport.Parse;
using Tether.Pipeline.CiReport.Payload;
using Tether.Pipeline.Dockerfiles;

namespace Tether.Pipeline.CiReport;

/// <summary>Makes the payload from collected inputs. Pure: the same inputs and time give the same payload.</summary>
public static class CiReportBuilder
{
    public static CiReportPayload Build(CiReportInputs inputs, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var (run, commit) = DetectRun(inputs);
        return new CiReportPayload
        {
            GeneratedAt = generatedAt,
            Generator = inputs.Generator,
            Run = run,
            Commit = commit,
            Images = MergeImages(inputs),
            Dockerfile = inputs.Dockerfile is { } dockerfile ? Describe(dockerfile, inputs) : null,
        };
    }

    private static (CiRun, CiCommit) DetectRun(CiReportInputs inputs)
    {
        if (GitHubActionsContext.Detect(inputs.Environment))
        {
            return GitHubActionsContext.Parse(
                inputs.Environment,
                inputs.GitHubEvent?.Content,
                inputs.GitHubEvent?.Path ?? GitHubActionsContext.EventPathVariable);
        }

        if (AzurePipelinesContext.Detect(inputs.Environment))
        {
            return AzurePipelinesContext.Parse(inputs.Environment);
        }

        throw new InputException("environment", null,
            "not a supported CI run: neither GITHUB_ACTIONS=true (GitHub Actions) nor TF_BUILD=True (Azure Pipelines) is set.");
    }

    /// <summary>One entry per digest: an image named by --image and by the metadata file is reported once, with all names.</summary>
    private static List<CiImage> MergeImages(CiReportInputs inputs)
    {
        var images = new List<CiImage>();
        foreach (var image in inputs.ImageArguments.Select(ImageArguments.Parse)
                     .Concat(inputs.MetadataFiles.SelectMany(file => BuildxMetadata.Parse(file.Content, file.Path))))
        {
            var index = images.FindIndex(existing => existing.Digest == image.Digest);
            if (index < 0)
            {
                images.Add(image);
                continue;
            }

            var existing = images[index];
            images[index] = existing with
            {
                Names = [.. existing.Names.Union(image.Names, StringComparer.Ordinal)],
                MediaType = existing.MediaType ?? image.MediaType,
                Size = existing.Size ?? image.Size,
                ConfigDigest = existing.ConfigDigest ?? image.ConfigDigest,
                Target = existing.Target ?? image.Target,
            };
        }

        return images;
    }

    private static CiDockerfile Describe(InputFile file, CiReportInputs inputs)
    {
        var parsed = DockerfileParser.Parse(file.Content.Span, file.Path, inputs.BuildArgs);
        return new CiDockerfile
        {
            Path = file.Path,
            ContentDigest = Digest.Sha256(file.Content.Span),
            Context = inputs.Context,
            Syntax = parsed.Syntax,
            BaseImage = parsed.BaseImage,
            Stages = [.. parsed.Stages.Select(s => new CiDockerfileStage(s.Line, s.Image, s.Name, s.Platform))],
            Instructions = [.. parsed.Instructions.Select(i => new CiDockerfileInstruction(i.Line, i.Keyword, i.Text))],
        };
    }
}
