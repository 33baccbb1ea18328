using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tether.Core.Errors;
using Tether.Core.Identity;
using Tether.Core.Parsing;
using Tether.Pipeline.Identity;

namespace Tether.Pipeline.CiReport.Payload;

/// <summary>
/// The payload's wire form: camelCase JSON, nulls omitted. <see cref="Read"/> is the one entry for untrusted payloads
/// (saved files, the server's endpoint): bounded, and every field checked before anything is normalized.
/// </summary>
public static class CiReportJson
{
    public const int MaxBytes = 16 * 1024 * 1024;
    public const int MaxImages = 1_000;
    public const int MaxNamesPerImage = 200;
    public const int MaxStages = 1_000;
    public const int MaxInstructions = 20_000;
    public const int MaxText = 64 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 32,
        WriteIndented = true,
        // A wire format read by programs, not embedded in HTML: keep '+' and non-ASCII readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize(CiReportPayload payload) => JsonSerializer.SerializeToUtf8Bytes(payload, Options);

    public static CiReportPayload Read(ReadOnlyMemory<byte> json, string source)
    {
        // Parse once with the bounded reader first: size, depth and syntax errors name the input and position.
        using (var document = BoundedJson.Parse(json, source, MaxBytes))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InputException(source, "$", "a CI report must be a JSON object.");
            }

            var schema = document.RootElement.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (schema != CiReportPayload.SchemaV1)
            {
                throw new InputException(source, "$.schema", $"must be \"{CiReportPayload.SchemaV1}\", not {(schema is null ? "missing" : $"\"{Clip(schema)}\"")}.");
            }
        }

        CiReportPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<CiReportPayload>(json.Span, Options);
        }
        catch (JsonException e)
        {
            throw new InputException(source, e.Path ?? "$", "has the wrong type: " + FirstSentence(e.Message), e);
        }

        if (payload is null)
        {
            throw new InputException(source, "$", "is null.");
        }

        Validate(payload, source);
        return payload;
    }

    private static void Validate(CiReportPayload payload, string source)
    {
        var run = payload.Run ?? throw new InputException(source, "$.run", "is required.");
        if (run.System is not (CiRun.GitHubActions or CiRun.AzurePipelines))
        {
            throw new InputException(source, "$.run.system", $"must be \"{CiRun.GitHubActions}\" or \"{CiRun.AzurePipelines}\", not \"{Clip(run.System)}\".");
        }

        Required(run.ServerUrl, source, "$.run.serverUrl");
        if (!Uri.TryCreate(run.ServerUrl, UriKind.Absolute, out var server) || server.Scheme is not ("https" or "http"))
        {
            throw new InputException(source, "$.run.serverUrl", $"'{Clip(run.ServerUrl)}' is not an http(s) URL.");
        }

        Required(run.Project, source, "$.run.project");
        if (run.System == CiRun.GitHubActions && run.Project.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            throw new InputException(source, "$.run.project", $"'{Clip(run.Project)}' is not owner/repo.");
        }

        Required(run.RunId, source, "$.run.runId");
        if (!run.RunId.All(char.IsAsciiDigit) || run.RunId.Length > 20)
        {
            throw new InputException(source, "$.run.runId", $"'{Clip(run.RunId)}' is not a run id (digits).");
        }

        if (run.Attempt < 1)
        {
            throw new InputException(source, "$.run.attempt", $"must be 1 or more, not {run.Attempt.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (run.Url is not null && !(Uri.TryCreate(run.Url, UriKind.Absolute, out var runUrl) && runUrl.Scheme is "https" or "http"))
        {
            throw new InputException(source, "$.run.url", $"'{Clip(run.Url)}' is not an http(s) URL.");
        }

        Required(run.RepositoryUrl, source, "$.run.repositoryUrl");
        if (RepositoryUrl.TryNormalize(run.RepositoryUrl) is null)
        {
            throw new InputException(source, "$.run.repositoryUrl", $"'{Clip(run.RepositoryUrl)}' is not a repository URL.");
        }

        var commit = payload.Commit ?? throw new InputException(source, "$.commit", "is required.");
        if (!CommitSha.IsValid(commit.Sha))
        {
            throw new InputException(source, "$.commit.sha", $"'{Clip(commit.Sha)}' is not a full commit SHA (40 or 64 hex).");
        }

        var images = payload.Images ?? [];
        if (images.Count > MaxImages)
        {
            throw new InputException(source, "$.images", $"has {images.Count} images; at most {MaxImages} are accepted.");
        }

        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i] ?? throw new InputException(source, $"$.images[{i}]", "is null.");
            if (!Digest.TryParse(image.Digest, out _))
            {
                throw new InputException(source, $"$.images[{i}].digest", $"'{Clip(image.Digest)}' is not a digest (sha256:<64 hex>).");
            }

            var names = image.Names ?? [];
            if (names.Count > MaxNamesPerImage)
            {
                throw new InputException(source, $"$.images[{i}].names", $"has {names.Count} names; at most {MaxNamesPerImage} are accepted.");
            }

            for (var n = 0; n < names.Count; n++)
            {
                if (!ImageName.TryParse(names[n], out _, out var error))
                {
                    throw new InputException(source, $"$.images[{i}].names[{n}]", error);
                }
            }
        }

        if (payload.Dockerfile is { } dockerfile)
        {
            Required(dockerfile.Path, source, "$.dockerfile.path");
            if (!Digest.TryParse(dockerfile.ContentDigest, out _))
            {
                throw new InputException(source, "$.dockerfile.contentDigest", $"'{Clip(dockerfile.ContentDigest)}' is not a digest.");
            }

            if ((dockerfile.Stages?.Count ?? 0) > MaxStages || (dockerfile.Instructions?.Count ?? 0) > MaxInstructions)
            {
                throw new InputException(source, "$.dockerfile", $"has more than {MaxStages} stages or {MaxInstructions} instructions.");
            }

            for (var i = 0; i < (dockerfile.Stages?.Count ?? 0); i++)
            {
                var stage = dockerfile.Stages![i];
                if (stage is null || stage.Line < 1 || string.IsNullOrEmpty(stage.Image) || stage.Image.Length > MaxText)
                {
                    throw new InputException(source, $"$.dockerfile.stages[{i}]", "needs a line (1 or more) and an image.");
                }
            }

            for (var i = 0; i < (dockerfile.Instructions?.Count ?? 0); i++)
            {
                var instruction = dockerfile.Instructions![i];
                if (instruction is null || instruction.Line < 1 || string.IsNullOrEmpty(instruction.Keyword) || (instruction.Text?.Length ?? 0) > MaxText)
                {
                    throw new InputException(source, $"$.dockerfile.instructions[{i}]", $"needs a line (1 or more), a keyword and at most {MaxText} characters of text.");
                }
            }
        }
    }

    private static void Required(string? value, string source, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InputException(source, field, "is required.");
        }

        if (value.Length > MaxText)
        {
            throw new InputException(source, field, $"is longer than {MaxText} characters.");
        }
    }

    internal static string Clip(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
