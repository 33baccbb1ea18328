using System.Text.Json;
using Tether.Core.Errors;
using Tether.Core.Parsing;

namespace Tether.Registry.Parse;

/// <summary>
/// Parses image manifests and indexes (OCI and Docker schema 2). Pure and bounded: bytes in, records out,
/// <see cref="InputException"/> naming the reference and field for anything malformed.
/// </summary>
public static class ManifestParser
{
    public const int MaxDescriptors = 10_000;
    public const int MaxAnnotations = 1_000;

    /// <summary>
    /// The media type of a manifest whose transport gave no useful one (a generic Content-Type, an OCI layout
    /// entry without one): the document's own <c>mediaType</c>, else inferred from its shape. Null when
    /// the bytes are not a JSON object.
    /// </summary>
    public static string? DetectMediaType(ReadOnlyMemory<byte> bytes, int maxBytes = 4 * 1024 * 1024)
    {
        if (bytes.Length > maxBytes)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = BoundedJson.MaxDepth });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("mediaType", out var mediaType) && mediaType.ValueKind == JsonValueKind.String)
            {
                return mediaType.GetString();
            }

            if (root.TryGetProperty("schemaVersion", out var version) && version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var v) && v == 1)
            {
                return MediaTypes.DockerSchema1;
            }

            return root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex
                : root.TryGetProperty("config", out _) ? MediaTypes.OciManifest
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Parses a manifest or index read as <paramref name="mediaType"/>.</summary>
    /// <param name="bytes">The manifest bytes exactly as served (their digest is the image identity).</param>
    /// <param name="mediaType">The media type the registry announced, or <see cref="DetectMediaType"/>'s answer.</param>
    /// <param name="source">Names the manifest in errors, e.g. <c>registry/repo:tag</c>.</param>
    /// <param name="maxBytes">Size cap.</param>
    public static ManifestDocument Parse(ReadOnlyMemory<byte> bytes, string mediaType, string source, int maxBytes = 4 * 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(mediaType);
        if (!MediaTypes.IsSupportedManifest(mediaType))
        {
            throw new InputException(source, "mediaType", $"'{JsonFields.Clip(mediaType)}' is not a supported manifest type (OCI image manifest or index, Docker schema 2 manifest or manifest list).");
        }

        using var document = BoundedJson.Parse(bytes, source, maxBytes);
        var root = JsonFields.RequireObject(document.RootElement, source, "$");

        var schemaVersion = JsonFields.OptionalLong(root, "schemaVersion", source, "$");
        if (schemaVersion != 2)
        {
            throw new InputException(source, "$.schemaVersion", schemaVersion is null ? "is required (2)." : $"is {schemaVersion}; only schema version 2 is supported.");
        }

        // The document's own mediaType, when present, must agree with how it was served (OCI image-spec):
        // a mismatch is how type-confusion attacks begin.
        var declared = JsonFields.OptionalString(root, "mediaType", source, "$");
        if (declared is not null && declared != mediaType)
        {
            throw new InputException(source, "$.mediaType", $"says '{JsonFields.Clip(declared)}' but the content was served as '{mediaType}'.");
        }

        var annotations = JsonFields.OptionalStringMap(root, "annotations", source, "$", MaxAnnotations);
        if (MediaTypes.IsIndex(mediaType))
        {
            var entries = JsonFields.RequiredArray(root, "manifests", source, "$", MaxDescriptors);
            var manifests = new List<Descriptor>(entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                manifests.Add(ParseDescriptor(entries[i], source, $"$.manifests[{i}]"));
            }

            return new ImageIndex(mediaType, manifests, annotations, JsonFields.OptionalString(root, "artifactType", source, "$"));
        }

        var configElement = JsonFields.Optional(root, "config") ?? throw new InputException(source, "$.config", "is required.");
        var config = ParseDescriptor(configElement, source, "$.config");
        var layerElements = JsonFields.OptionalArray(root, "layers", source, "$", MaxDescriptors) ?? [];
        var layers = new List<Descriptor>(layerElements.Count);
        for (var i = 0; i < layerElements.Count; i++)
        {
            layers.Add(ParseDescriptor(layerElements[i], source, $"$.layers[{i}]"));
        }

        var subject = JsonFields.Optional(root, "subject") is { } subjectElement ? ParseDescriptor(subjectElement, source, "$.subject") : null;
        var artifactType = JsonFields.OptionalString(root, "artifactType", source, "$");
        return new ImageManifest(mediaType, config, layers, annotations, artifactType, subject);
    }

    private static Descriptor ParseDescriptor(JsonElement element, string source, string path)
    {
        JsonFields.RequireObject(element, source, path);
        var size = JsonFields.OptionalLong(element, "size", source, path) ?? throw new InputException(source, $"{path}.size", "is required.");
        if (size < 0)
        {
            throw new InputException(source, $"{path}.size", $"is {size}; a size cannot be negative.");
        }

        Platform? platform = null;
        if (JsonFields.Optional(element, "platform") is { } platformElement)
        {
            var platformPath = $"{path}.platform";
            JsonFields.RequireObject(platformElement, source, platformPath);
            platform = new Platform(
                JsonFields.RequiredString(platformElement, "os", source, platformPath),
                JsonFields.RequiredString(platformElement, "architecture", source, platformPath),
                JsonFields.OptionalString(platformElement, "variant", source, platformPath),
                JsonFields.OptionalString(platformElement, "os.version", source, platformPath));
        }

        return new Descriptor(
            JsonFields.RequiredString(element, "mediaType", source, path),
            JsonFields.RequiredDigest(element, "digest", source, path),
            size,
            platform,
            JsonFields.OptionalStringMap(element, "annotations", source, path, MaxAnnotations),
            JsonFields.OptionalString(element, "artifactType", source, path));
    }
}
