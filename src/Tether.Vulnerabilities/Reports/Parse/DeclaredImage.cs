using Tether.Core.Errors;
using Tether.Core.Identity;

namespace Tether.Vulnerabilities.Reports.Parse;

/// <summary>
/// The image a user says a report is about (<c>--image REF@DIGEST</c> or a bare digest), for reports that
/// carry no digest of their own, such as Trivy scanning an image tarball.
/// </summary>
public sealed record DeclaredImage(string Digest, string? Repository)
{
    /// <param name="text"><c>registry/repo[:tag]@sha256:…</c> or <c>sha256:…</c>.</param>
    /// <param name="source">What to call the input in errors (e.g. <c>--image</c>).</param>
    public static DeclaredImage Parse(string text, string source = "--image")
    {
        if (Core.Identity.Digest.TryParse(text, out var bare))
        {
            return new DeclaredImage(bare, null);
        }

        if (!ImageName.TryParse(text, out var name, out var error))
        {
            throw new InputException(source, null, error + " Expected REF@sha256:<64 hex> or sha256:<64 hex>.");
        }

        return name.Digest is null
            ? throw new InputException(source, null, $"'{text}' has no digest; a tag can move, so give the image as REF@sha256:<64 hex>.")
            : new DeclaredImage(name.Digest, name.FullRepository);
    }
}
