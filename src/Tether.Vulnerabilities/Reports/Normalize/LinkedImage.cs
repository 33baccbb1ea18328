namespace Tether.Vulnerabilities.Reports.Normalize;

/// <summary>Why a digest was linked to a report's findings.</summary>
public enum ImageDigestRole
{
    /// <summary>The platform manifest digest the scanner read (Grype <c>source.target.manifestDigest</c>).</summary>
    Manifest,
    /// <summary>A repository digest (<c>repo@sha256:…</c>): what a registry served for a pull, possibly an index.</summary>
    Repository,
    /// <summary>Given by the user (<c>--image</c>); nothing in the report confirms it.</summary>
    Declared,
}

/// <summary>An image (by digest) a report's findings are attached to.</summary>
public sealed record LinkedImage(string Digest, ImageDigestRole Role, IReadOnlyList<string> Repositories)
{
    /// <summary>Evidence confidence of the image's <c>has_finding</c> edges.</summary>
    public double Confidence => Role == ImageDigestRole.Declared ? ImageDigestRules.DeclaredConfidence : ImageDigestRules.ReportedConfidence;
}
