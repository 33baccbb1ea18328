using System.Text.Json;
using Tether.Core.Parsing;

namespace Tether.Vulnerabilities.Reports.Parse;

/// <summary>
/// Grype's <c>source</c>: for an image scan, <c>target</c> has the config digest (<c>imageID</c>), a manifest
/// digest, repository digests and, base64-encoded, the manifest and config the scanner read.
/// </summary>
internal static class GrypeImageSource
{
    public static ReportedImage Parse(ReportElement? source, List<string> notes)
    {
        // Directory and file scans have a string target (a path) and no image to attach to.
        if (source?.Property("target") is not { Kind: JsonValueKind.Object } target)
        {
            return new ReportedImage
            {
                Name = source?.Property("target") is { Kind: JsonValueKind.String } path ? path.Value.GetString() : null,
            };
        }

        var manifestDigest = ReportFields.OptionalDigest(target, "manifestDigest");
        var diffIds = ConfigDiffIds(target);
        if (manifestDigest is not null && IsSynthesized(target, diffIds))
        {
            notes.Add(
                $"source.target.manifestDigest {manifestDigest} is the digest of a manifest the scanner rebuilt from a " +
                "docker-save archive (its compressed layers are listed by their uncompressed diff ids), not one a registry " +
                "serves: it is not used as an image key.");
            manifestDigest = null;
        }

        var os = target.NonEmptyString("os");
        var architecture = target.NonEmptyString("architecture");
        return new ReportedImage
        {
            Name = target.NonEmptyString("userInput"),
            ConfigDigest = ReportFields.OptionalDigest(target, "imageID"),
            ManifestDigest = manifestDigest,
            ManifestMediaType = manifestDigest is null ? null : target.NonEmptyString("mediaType"),
            Platform = os is not null && architecture is not null ? $"{os}/{architecture}" : null,
            RepoDigests = ReportFields.ParseRepoDigests(target, "repoDigests"),
            DiffIds = diffIds,
            Tags = target.Strings("tags", ReportLimits.MaxListItems),
        };
    }

    /// <summary>
    /// True when the embedded manifest lists a compressed layer under a digest that is one of the config's
    /// diff ids (uncompressed digests). No registry can serve that: a gzip stream and the tar inside it do not
    /// hash alike. Stereoscope builds such a manifest when it reads an image through <c>docker save</c>,
    /// so its digest names nothing outside the scanner's machine.
    /// </summary>
    private static bool IsSynthesized(ReportElement target, IReadOnlyList<string> diffIds)
    {
        if (diffIds.Count == 0)
        {
            return false;
        }

        var uncompressed = diffIds.ToHashSet(StringComparer.Ordinal);
        return ReadEmbedded(target, "manifest", manifest => manifest.Array("layers", ReportLimits.MaxListItems).Any(layer =>
            layer.NonEmptyString("mediaType") is { } mediaType
            && (mediaType.EndsWith("gzip", StringComparison.Ordinal) || mediaType.EndsWith("zstd", StringComparison.Ordinal))
            && layer.NonEmptyString("digest") is { } digest
            && uncompressed.Contains(digest)), fallback: false);
    }

    /// <summary>The config's <c>rootfs.diff_ids</c>, from the embedded config, else none.</summary>
    private static IReadOnlyList<string> ConfigDiffIds(ReportElement target) =>
        ReadEmbedded<IReadOnlyList<string>>(
            target,
            "config",
            config => config.Object("rootfs") is { } rootfs
                ? [.. rootfs.Array("diff_ids", ReportLimits.MaxListItems).Select(ReportFields.RequiredDigest)]
                : [],
            fallback: []);

    /// <summary>Reads a base64-encoded JSON object embedded in the report, parsed with its own bounds.</summary>
    private static T ReadEmbedded<T>(ReportElement target, string name, Func<ReportElement, T> read, T fallback)
    {
        if (target.NonEmptyString(name) is not { } base64)
        {
            return fallback;
        }

        var field = target.Property(name)!.Value;
        if (base64.Length > ReportLimits.MaxEmbeddedDocumentBytes / 3 * 4 + 4)
        {
            throw field.Error($"is over the {ReportLimits.MaxEmbeddedDocumentBytes}-byte limit for an embedded document.");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException e)
        {
            throw field.Error("is not base64: " + e.Message);
        }

        var where = $"{target.Source}: {field.Path} (decoded)";
        using var document = BoundedJson.Parse(bytes, where, ReportLimits.MaxEmbeddedDocumentBytes);
        var root = ReportElement.Root(document.RootElement, where);
        return root.Kind == JsonValueKind.Object ? read(root) : throw root.Error("must be a JSON object.");
    }
}
