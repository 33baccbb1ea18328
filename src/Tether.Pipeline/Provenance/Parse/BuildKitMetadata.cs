using System.Text.Json;
using Tether.Pipeline.Parsing;

namespace Tether.Pipeline.Provenance.Parse;

/// <summary>
/// BuildKit's own metadata inside its provenance (<c>https://mobyproject.org/buildkit@v1#metadata</c> in SLSA v0.2,
/// <c>buildkit_metadata</c> in v1): the VCS source and revision of a local context, and with <c>mode=max</c> the
/// Dockerfile itself.
/// </summary>
internal sealed record BuildKitMetadata(string? VcsSource, string? VcsRevision, string? DockerfileDirectory, byte[]? Dockerfile)
{
    public const string BuildTypeV02 = "https://mobyproject.org/buildkit@v1";
    public const string BuildTypeV1 = "https://github.com/moby/buildkit/blob/master/docs/attestations/slsa-definitions.md";
    public const string MetadataKey = "https://mobyproject.org/buildkit@v1#metadata";
    private const int MaxDockerfileBytes = 4 * 1024 * 1024;

    public static bool IsBuildKit(string? buildType) => buildType is BuildTypeV02 or BuildTypeV1;

    public static BuildKitMetadata? Read(JsonAt? metadata)
    {
        if (metadata is not { } meta)
        {
            return null;
        }

        var vcs = meta.StringMap("vcs");
        byte[]? dockerfile = null;
        if (meta.OptionalObject("source") is { } source)
        {
            foreach (var info in source.Array("infos", 1_000))
            {
                info.ExpectObject();
                if (info.String("language") == "Dockerfile" && info.Child("data") is { Kind: JsonValueKind.String })
                {
                    dockerfile = Base64Field.Decode(info, "data", MaxDockerfileBytes);
                    break;
                }
            }
        }

        return new BuildKitMetadata(
            vcs.GetValueOrDefault("source"),
            vcs.GetValueOrDefault("revision"),
            vcs.GetValueOrDefault("localdir:dockerfile"),
            dockerfile);
    }

    /// <summary><c>localdir:dockerfile</c> + the frontend's file name, as a repository-relative path.</summary>
    public string? DockerfilePath(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return null;
        }

        var directory = (DockerfileDirectory ?? ".").Replace('\\', '/').Trim('/');
        var path = directory is "" or "." ? fileName : $"{directory}/{fileName}";
        return path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
    }
}
