using System.Text.Json;
using Tether.Core.Errors;
using Tether.Core.Identity;
using Tether.Core.Parsing;
using Tether.Pipeline.CiReport.Payload;
using Tether.Pipeline.Parsing;

namespace Tether.Pipeline.CiReport.Parse;

/// <summary>
/// Reads the file written by <c>docker buildx build --metadata-file</c> (and docker/build-push-action's
/// <c>metadata</c> output): <c>containerimage.digest</c>, <c>containerimage.descriptor</c>, <c>image.name</c>
/// (comma-separated), <c>containerimage.config.digest</c>; or <c>docker buildx bake --metadata-file</c>'s map of
/// target name → the same object.
/// </summary>
public static class BuildxMetadata
{
    public const int MaxBytes = 64 * 1024 * 1024;
    private const int MaxTargets = 1_000;

    private static readonly string[] BuildKeys = ["containerimage.digest", "containerimage.descriptor", "image.name", "buildx.build.ref"];

    public static IReadOnlyList<CiImage> Parse(ReadOnlyMemory<byte> json, string source)
    {
        using var document = BoundedJson.Parse(json, source, MaxBytes);
        var root = new JsonAt(document.RootElement, source, "$").ExpectObject();
        var images = new List<CiImage>();
        if (IsBuildResult(root.Element))
        {
            AddImage(root, null, images);
        }
        else
        {
            var targets = 0;
            foreach (var member in root.Element.EnumerateObject())
            {
                // Bake also writes top-level entries such as "buildx.build.warnings" (an array): not targets.
                if (member.Value.ValueKind != JsonValueKind.Object || !IsBuildResult(member.Value))
                {
                    continue;
                }

                if (++targets > MaxTargets)
                {
                    throw new InputException(source, "$", $"has more than {MaxTargets} bake targets.");
                }

                AddImage(new JsonAt(member.Value, source, $"$['{member.Name}']"), member.Name, images);
            }
        }

        if (images.Count == 0)
        {
            throw new InputException(source, "containerimage.digest",
                "no image digest found; was the image pushed (--push, or build-push-action with push: true)?");
        }

        return images;
    }

    private static bool IsBuildResult(JsonElement element) =>
        BuildKeys.Any(key => element.TryGetProperty(key, out _));

    private static void AddImage(JsonAt result, string? target, List<CiImage> images)
    {
        var digestText = result.String("containerimage.digest");
        var descriptor = result.OptionalObject("containerimage.descriptor");
        digestText ??= descriptor?.String("digest");
        if (digestText is null)
        {
            // Built but not exported to a registry (e.g. --load, or a bake target without output).
            return;
        }

        if (!Digest.TryParse(digestText, out var digest))
        {
            throw result.Error("containerimage.digest", $"'{digestText}' is not a digest (sha256:<64 hex>).");
        }

        string? mediaType = null;
        long? size = null;
        if (descriptor is { } d && Digest.TryParse(d.String("digest"), out var descriptorDigest) && descriptorDigest == digest)
        {
            mediaType = d.String("mediaType");
            size = d.Int64("size");
        }

        string? configDigest = null;
        var configText = result.String("containerimage.config.digest");
        if (configText is not null && !Digest.TryParse(configText, out configDigest))
        {
            throw result.Error("containerimage.config.digest", $"'{configText}' is not a digest.");
        }

        var names = new List<string>();
        foreach (var name in (result.String("image.name") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ImageName.TryParse(name, out var parsed, out var error))
            {
                throw result.Error("image.name", error);
            }

            // The digest in a name (push-by-digest writes repo@sha256:…) is the image itself, not a pointer to keep.
            var normalized = (parsed with { Digest = null }).ToString();
            if (!names.Contains(normalized, StringComparer.Ordinal))
            {
                names.Add(normalized);
            }
        }

        images.Add(new CiImage
        {
            Digest = digest,
            Names = names,
            MediaType = mediaType,
            Size = size,
            ConfigDigest = configDigest,
            Target = target,
        });
    }
}
