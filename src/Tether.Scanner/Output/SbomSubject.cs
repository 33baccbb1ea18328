using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tether.Core.Identity;
using Tether.Core.Model;
using Tether.Scanner.Normalize;
using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Scanner.Output;

/// <summary>One layer of the image: diff id (the key the graph and other SBOMs use), blob digest, and the history step that made it.</summary>
internal sealed record SubjectLayer(string DiffId, string BlobDigest, string? CreatedBy)
{
    /// <summary>From the base image: true/false, null when not known.</summary>
    public bool? FromBaseImage { get; init; }

    /// <summary>The Dockerfile line that made the layer, as text, when the Dockerfile is known.</summary>
    public string? Dockerfile { get; init; }
}

/// <summary>A package with its layer, the reference both formats give it, and the findings on it.</summary>
internal sealed record SubjectPackage(ImagePackage Package, SubjectLayer Layer, string Ref, IReadOnlyList<ScanFinding> Findings)
{
    public PackageFacts Facts => Package.Facts;

    public bool IsOsPackage => Package.Scanned.Type is "deb" or "apk" or "rpm";
}

/// <summary>
/// What both writers say about a scanned image, computed once: the repository and digests, the layers, and the
/// packages in a stable order with unique references. References are the purl, with <c>#2</c>, <c>#3</c>… added when
/// two packages share one (a purl carries no path), so the same scan always gives the same document.
/// </summary>
internal sealed class SbomSubject
{
    private SbomSubject(ScanResult scan, IReadOnlyList<ScanFinding> findings)
    {
        var image = scan.Scan.Image;
        ManifestDigest = scan.ManifestDigest;
        ConfigDigest = image.ConfigDigest;
        Architecture = image.Config.Architecture;
        Repository = scan.Batch.Nodes.OfType<ImageFacts>().FirstOrDefault(i => i.Digest == ManifestDigest)?.Repositories?.FirstOrDefault()
            ?? image.Repository;
        Os = scan.Os;

        var history = ScanNormalizer.LayerHistory(image.Config);
        var attribution = scan.Attribution.Layers;
        Layers = [.. scan.Scan.Layers.Select((l, i) => new SubjectLayer(l.Scan.DiffId, l.Descriptor.Digest, history?[i])
        {
            FromBaseImage = i < attribution.Count ? attribution[i].FromBaseImage : null,
            Dockerfile = i < attribution.Count && attribution[i].Dockerfile is { Line: { } line } view
                ? string.Create(CultureInfo.InvariantCulture, $"{view.Path}:{line} {view.Instruction} ({view.Attribution} {view.Confidence:0.##})")
                : null,
        })];
        if (scan.Attribution.BaseImage is { } baseImage)
        {
            BaseImage = baseImage.Digest is null ? baseImage.Name : $"{baseImage.Name}@{baseImage.Digest}";
            BaseImageMethod = string.Create(CultureInfo.InvariantCulture, $"{baseImage.Method} {baseImage.Confidence:0.##}");
        }
        IsRootFilesystem = Scan.RootFilesystemScan.IsRootFilesystem(scan.Scan);
        // A root filesystem has no manifest digest, so no pkg:oci purl: its listing id names it.
        ImagePurl = IsRootFilesystem ? ManifestDigest : PurlText.Oci(Repository, ManifestDigest, Architecture);

        var byPackage = findings.ToLookup(f => f.PackageKey, StringComparer.Ordinal);
        var known = scan.Packages.Select(p => p.Facts.Key).ToHashSet(StringComparer.Ordinal);
        if (findings.FirstOrDefault(f => !known.Contains(f.PackageKey)) is { } stray)
        {
            throw new ArgumentException($"finding {stray.VulnerabilityId} names package '{stray.PackageKey}', which the scan did not find.", nameof(findings));
        }

        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        Packages =
        [
            .. scan.Packages
                .OrderBy(p => p.Facts.Purl, StringComparer.Ordinal)
                .ThenBy(p => p.Facts.Key, StringComparer.Ordinal)
                .Select(p =>
                {
                    var purl = p.Facts.Purl ?? p.Facts.Key;
                    var n = used[purl] = used.GetValueOrDefault(purl) + 1;
                    return new SubjectPackage(p, Layers[p.Layer], n == 1 ? purl : $"{purl}#{n}",
                        [.. byPackage[p.Facts.Key].OrderBy(f => f.VulnerabilityId, StringComparer.Ordinal)]);
                }),
        ];
    }

    /// <summary>A <c>dir:PATH</c> scan: <see cref="Repository"/> is the path, <see cref="ManifestDigest"/> the listing id.</summary>
    public bool IsRootFilesystem { get; }

    /// <summary>The base image (<c>NAME@DIGEST</c>) and how it was decided, when known.</summary>
    public string? BaseImage { get; }

    public string? BaseImageMethod { get; }

    /// <summary>The repository the image was read from (<c>registry.example.com/team/app</c>).</summary>
    public string Repository { get; }

    public string ManifestDigest { get; }

    public string ConfigDigest { get; }

    public string? Architecture { get; }

    public OperatingSystemRelease? Os { get; }

    public IReadOnlyList<SubjectLayer> Layers { get; }

    public IReadOnlyList<SubjectPackage> Packages { get; }

    public string ImagePurl { get; }

    /// <summary>
    /// <c>repo@sha256:…</c> when the repository is a full reference name as written (a bare <c>app</c> would read as
    /// <c>docker.io/library/app</c>, a place the image never was); readers key the image by it.
    /// </summary>
    public string? RepoDigest =>
        !IsRootFilesystem && ImageName.TryParse($"{Repository}@{ManifestDigest}", out var name, out _) && name.FullRepository == Repository
            ? $"{Repository}@{ManifestDigest}"
            : null;

    public static SbomSubject From(ScanResult scan, IReadOnlyList<ScanFinding>? findings)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return new SbomSubject(scan, findings ?? []);
    }

    /// <summary>A short stable hex id for <paramref name="text"/>: element ids must not depend on list positions.</summary>
    public static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
