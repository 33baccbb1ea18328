using System.Globalization;
using System.Text.Json;
using Tether.Core.Identity;

namespace Tether.Vulnerabilities.Reports.Parse;

/// <summary>Field readers both report formats share: digests, repo@digest lists, timestamps, CVSS versions.</summary>
internal static class ReportFields
{
    /// <summary><c>CVSS:3.1/AV:N/…</c> → <c>3.1</c>.</summary>
    public static string? CvssVersionOf(string? vector) =>
        vector is not null && vector.StartsWith("CVSS:", StringComparison.Ordinal) && vector.IndexOf('/', StringComparison.Ordinal) is > 5 and var slash
            ? vector[5..slash]
            : null;

    public static IReadOnlyList<RepositoryDigest> ParseRepoDigests(ReportElement parent, string name)
    {
        var digests = new List<RepositoryDigest>();
        foreach (var item in parent.Array(name, ReportLimits.MaxListItems))
        {
            if (item.Kind != JsonValueKind.String)
            {
                throw item.Error("must be a string repo@digest.");
            }

            var text = item.Value.GetString()!;
            // Docker lists "<none>@<none>" for images it has no repository digest for.
            if (text.StartsWith("<none>", StringComparison.Ordinal))
            {
                continue;
            }

            if (!ImageName.TryParse(text, out var reference, out var error) || reference.Digest is null)
            {
                throw item.Error(error ?? $"'{text}' has no @digest.");
            }

            digests.Add(new RepositoryDigest(reference.FullRepository, reference.Digest));
        }

        return digests;
    }

    public static string? OptionalDigest(ReportElement parent, string name)
    {
        var text = parent.NonEmptyString(name);
        return text is null ? null
            : Digest.TryParse(text, out var digest) ? digest
            : throw parent.Property(name)!.Value.Error($"'{text}' is not a digest (sha256:<64 hex>).");
    }

    public static string RequiredDigest(ReportElement item) =>
        item.Kind == JsonValueKind.String && Digest.TryParse(item.Value.GetString(), out var digest)
            ? digest
            : throw item.Error("must be a digest string (sha256:<64 hex>).");

    public static DateTimeOffset? ParseTime(ReportElement parent, string name)
    {
        var text = parent.NonEmptyString(name);
        return text is null ? null
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
            : throw parent.Property(name)!.Value.Error($"'{text}' is not a timestamp.");
    }
}
