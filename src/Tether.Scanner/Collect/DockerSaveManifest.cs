using System.Text.Json;
using Tether.Core.Errors;
using Tether.Core.Parsing;

namespace Tether.Scanner.Collect;

/// <summary>One image of a <c>docker save</c> archive's <c>manifest.json</c>: entry names of its config and layers (bottom first), and its tags.</summary>
public sealed record DockerSaveImage(string Config, IReadOnlyList<string> RepoTags, IReadOnlyList<string> Layers);

/// <summary>
/// Parses <c>manifest.json</c>, the image list every <c>docker save</c> (and <c>skopeo</c>/<c>podman</c>
/// <c>docker-archive</c>) writes: <c>[{"Config": NAME, "RepoTags": [...], "Layers": [NAME, ...]}]</c>. Pure and bounded;
/// other keys (<c>Parent</c>, <c>LayerSources</c>) are ignored.
/// </summary>
public static class DockerSaveManifest
{
    public const string FileName = "manifest.json";

    public static IReadOnlyList<DockerSaveImage> Parse(ReadOnlyMemory<byte> bytes, string source, DockerArchiveLimits? limits = null)
    {
        limits ??= DockerArchiveLimits.Default;
        using var document = BoundedJson.Parse(bytes, source, limits.MaxManifestListBytes);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new InputException(source, "$", $"must be an array of images, not {root.ValueKind.ToString().ToLowerInvariant()}");
        }

        var count = root.GetArrayLength();
        if (count == 0)
        {
            throw new InputException(source, "$", "lists no image");
        }

        if (count > limits.MaxImages)
        {
            throw new InputException(source, "$", $"lists {count:N0} images; the limit is {limits.MaxImages:N0}");
        }

        var images = new List<DockerSaveImage>(count);
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            var path = $"$[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new InputException(source, path, $"must be an object, not {element.ValueKind.ToString().ToLowerInvariant()}");
            }

            var config = BoundedJson.RequiredString(element, "Config", source, path);
            var tags = Strings(element, "RepoTags", source, path, limits.MaxImages) ?? [];
            var layers = Strings(element, "Layers", source, path, limits.MaxLayers)
                ?? throw new InputException(source, $"{path}.Layers", "is required");
            images.Add(new DockerSaveImage(config, tags, layers));
        }

        return images;
    }

    private static List<string>? Strings(JsonElement obj, string name, string source, string path, int max)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var arrayPath = $"{path}.{name}";
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new InputException(source, arrayPath, $"must be an array of strings, not {value.ValueKind.ToString().ToLowerInvariant()}");
        }

        var length = value.GetArrayLength();
        if (length > max)
        {
            throw new InputException(source, arrayPath, $"has {length:N0} items; the limit is {max:N0}");
        }

        var result = new List<string>(length);
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            result.Add(item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } text
                ? text
                : throw new InputException(source, $"{arrayPath}[{i}]", "must be a non-empty string"));
            i++;
        }

        return result;
    }
}
