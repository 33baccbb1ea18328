using System.Text.RegularExpressions;
using Tether.Core.Model;

namespace Tether.Core.Trace;

/// <summary>
/// Which Dockerfile line put a layer into the image. The image config's history lists one entry per
/// instruction, and the non-empty ones line up with the layers' diff ids; an entry whose text matches an
/// instruction of the final stage names its line, and layers before the build's first own layer came
/// from the base image, i.e. the final <c>FROM</c>. When the scanner decided the image's base layers
/// (<see cref="ImageFacts.BaseImage"/>: an annotated or stored base image whose layers are the image's bottom ones),
/// that decision comes first. Methods and confidences are recorded so a user can tell a layer match from a
/// positional guess.
/// </summary>
public static partial class DockerfileAttribution
{
    public const string HistoryMatch = "layer-history-match";
    public const string BaseImageLayers = "base-image-layers";
    public const string Positional = "layer-position";
    public const string FinalStage = "final-stage-base";
    public const string Unattributed = "unattributed";

    private static readonly HashSet<string> LayerKeywords = new(StringComparer.OrdinalIgnoreCase) { "RUN", "COPY", "ADD" };

    public static DockerfileView Attribute(DockerfileFacts dockerfile, string repository, string sha, ImageFacts? image, string? layerDiffId)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        var final = dockerfile.Stages is { Count: > 0 } stages ? stages[^1] : null;
        DockerfileView View(int? line, string? instruction, string attribution, double confidence) =>
            new(dockerfile.Path, SourceLinks.FileLine(repository, sha, dockerfile.Path, line), line, instruction, final?.Image, attribution, confidence);

        var baseLine = final is null ? (DockerfileView?)null : View(final.Line, $"FROM {final.Image}", BaseImageLayers, 0.75);
        if (layerDiffId is null || image?.DiffIds is not { Count: > 0 } diffIds)
        {
            return final is null
                ? View(null, null, Unattributed, 0)
                : View(final.Line, $"FROM {final.Image}", layerDiffId is null ? FinalStage : Unattributed, 0);
        }

        var layerIndex = IndexOf(diffIds, layerDiffId);
        if (layerIndex < 0)
        {
            return View(null, null, Unattributed, 0);
        }

        if (baseLine is not null && image.BaseImage is { LayerCount: { } baseLayers } known && layerIndex < baseLayers)
        {
            return baseLine with { Attribution = known.Method, Confidence = known.Confidence };
        }

        var ownInstructions = (dockerfile.Instructions ?? [])
            .Where(i => final is null || i.Line > final.Line)
            .ToList();
        var layerHistory = (image.History ?? []).Where(h => !h.EmptyLayer).ToList();
        if (layerHistory.Count == diffIds.Count)
        {
            var matches = layerHistory.Select(h => Match(h.CreatedBy, ownInstructions)).ToList();
            if (matches[layerIndex] is { } matched)
            {
                return View(matched.Line, Display(matched), HistoryMatch, 0.85);
            }

            var firstOwn = matches.FindIndex(m => m is not null);
            if (firstOwn > 0 && layerIndex < firstOwn && baseLine is not null)
            {
                return baseLine;
            }
        }

        // No usable history: the last N layers are the final stage's N layer-producing instructions.
        var producing = ownInstructions.Where(i => LayerKeywords.Contains(i.Keyword)).ToList();
        var firstOwnLayer = diffIds.Count - producing.Count;
        if (layerIndex < firstOwnLayer && baseLine is not null)
        {
            return baseLine with { Confidence = 0.5, Attribution = Positional };
        }

        if (layerIndex >= firstOwnLayer && producing.Count > 0)
        {
            var instruction = producing[layerIndex - firstOwnLayer];
            return View(instruction.Line, Display(instruction), Positional, 0.5);
        }

        return View(null, null, Unattributed, 0);
    }

    private static int IndexOf(IReadOnlyList<string> diffIds, string diffId)
    {
        for (var i = 0; i < diffIds.Count; i++)
        {
            if (string.Equals(diffIds[i], diffId, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Matches BuildKit (<c>RUN /bin/sh -c X # buildkit</c>) and classic (<c>/bin/sh -c #(nop) COPY …</c>) history text.</summary>
    private static DockerfileInstruction? Match(string? createdBy, IReadOnlyList<DockerfileInstruction> instructions)
    {
        if (string.IsNullOrWhiteSpace(createdBy))
        {
            return null;
        }

        var text = Normalize(BuildKitSuffix().Replace(createdBy, ""));
        text = ShellPrefix().Replace(text, "");
        foreach (var instruction in instructions)
        {
            var body = Normalize(Body(instruction));
            var keyword = instruction.Keyword.ToUpperInvariant();
            if (keyword == "RUN" && (text == body || text == "RUN " + body || text.EndsWith(body, StringComparison.Ordinal)))
            {
                return instruction;
            }

            if (keyword is "COPY" or "ADD" && text.StartsWith(keyword + " ", StringComparison.Ordinal)
                && Destination(text) == Destination(keyword + " " + body))
            {
                return instruction;
            }
        }

        return null;
    }

    /// <summary>
    /// The instruction's arguments: the Dockerfile parser keeps the whole line (<c>RUN npm ci</c>), older records only the
    /// arguments (<c>npm ci</c>); both read the same.
    /// </summary>
    private static string Body(DockerfileInstruction instruction) =>
        instruction.Text.StartsWith(instruction.Keyword, StringComparison.OrdinalIgnoreCase)
        && instruction.Text.Length > instruction.Keyword.Length && char.IsWhiteSpace(instruction.Text[instruction.Keyword.Length])
            ? instruction.Text[(instruction.Keyword.Length + 1)..].TrimStart()
            : instruction.Text;

    private static string Display(DockerfileInstruction instruction) => $"{instruction.Keyword.ToUpperInvariant()} {Body(instruction)}";

    private static string Destination(string copy) => copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];

    private static string Normalize(string text) => Whitespace().Replace(text.Replace("\\\n", " ", StringComparison.Ordinal), " ").Trim();

    [GeneratedRegex(@"\s*# buildkit\s*$")]
    private static partial Regex BuildKitSuffix();

    [GeneratedRegex(@"^(RUN )?(\|\d+ (\S+=\S* )*)?/bin/(ba)?sh -c (#\(nop\) )?")]
    private static partial Regex ShellPrefix();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
