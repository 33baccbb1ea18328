using Tether.Core.Errors;
using Tether.Core.Parsing;

namespace Tether.Registry.Parse;

/// <summary>Parses an OCI / Docker image config. Pure and bounded.</summary>
public static class ImageConfigParser
{
    public const int MaxHistory = 10_000;
    public const int MaxDiffIds = 10_000;
    public const int MaxLabels = 10_000;

    public static ImageConfig Parse(ReadOnlyMemory<byte> bytes, string source, int maxBytes = 8 * 1024 * 1024)
    {
        using var document = BoundedJson.Parse(bytes, source, maxBytes);
        var root = JsonFields.RequireObject(document.RootElement, source, "$");

        IReadOnlyDictionary<string, string>? labels = null;
        if (JsonFields.Optional(root, "config") is { } config)
        {
            JsonFields.RequireObject(config, source, "$.config");
            labels = JsonFields.OptionalStringMap(config, "Labels", source, "$.config", MaxLabels);
        }

        var history = new List<ImageConfigHistory>();
        var historyElements = JsonFields.OptionalArray(root, "history", source, "$", MaxHistory) ?? [];
        for (var i = 0; i < historyElements.Count; i++)
        {
            var path = $"$.history[{i}]";
            var entry = JsonFields.RequireObject(historyElements[i], source, path);
            history.Add(new ImageConfigHistory(
                JsonFields.OptionalString(entry, "created_by", source, path),
                JsonFields.OptionalBool(entry, "empty_layer", source, path) ?? false,
                JsonFields.OptionalTime(entry, "created", source, path),
                JsonFields.OptionalString(entry, "comment", source, path)));
        }

        var diffIds = new List<string>();
        if (JsonFields.Optional(root, "rootfs") is { } rootfs)
        {
            JsonFields.RequireObject(rootfs, source, "$.rootfs");
            var ids = JsonFields.OptionalArray(rootfs, "diff_ids", source, "$.rootfs", MaxDiffIds) ?? [];
            for (var i = 0; i < ids.Count; i++)
            {
                var text = ids[i].ValueKind == System.Text.Json.JsonValueKind.String ? ids[i].GetString() : null;
                diffIds.Add(Core.Identity.Digest.TryParse(text, out var digest)
                    ? digest
                    : throw new InputException(source, $"$.rootfs.diff_ids[{i}]", $"{JsonFields.Describe(ids[i])} is not a digest."));
            }
        }

        return new ImageConfig(
            JsonFields.OptionalString(root, "os", source, "$"),
            JsonFields.OptionalString(root, "architecture", source, "$"),
            JsonFields.OptionalString(root, "variant", source, "$"),
            JsonFields.OptionalTime(root, "created", source, "$"),
            labels,
            history,
            diffIds);
    }
}
