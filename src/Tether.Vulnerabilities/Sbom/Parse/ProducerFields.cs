using System.Globalization;
using Tether.Core.Identity;
using Tether.Vulnerabilities.Reports.Parse;

namespace Tether.Vulnerabilities.Sbom.Parse;

/// <summary>
/// What Trivy writes about packages and images, under property names from its <c>pkg/sbom/core</c>:
/// <c>aquasecurity:trivy:&lt;Name&gt;</c> in CycloneDX, <c>"&lt;Name&gt;: value"</c> annotations (older versions:
/// attributionTexts) in SPDX.
/// </summary>
internal static class TrivyFields
{
    public const string CycloneDxPrefix = "aquasecurity:trivy:";

    /// <summary>The diff id of the layer the package was installed in (Trivy compares package databases layer by layer).</summary>
    public static string? Layer(PropertyBag bag, string prefix) => SbomFields.OptionalDigest(bag, prefix + "LayerDiffID");

    /// <summary>
    /// Source package from <c>SrcName</c>, <c>SrcEpoch</c>, <c>SrcVersion</c>, <c>SrcRelease</c> (CycloneDX only: SPDX
    /// carries them in <c>sourceInfo</c>), joined as <c>epoch:version-release</c> the way Trivy prints them.
    /// </summary>
    public static (string? Name, string? Version) Source(PropertyBag bag, string prefix)
    {
        var name = bag.First(prefix + "SrcName");
        var version = bag.First(prefix + "SrcVersion");
        if (version is null)
        {
            return (name, null);
        }

        var epoch = bag.First(prefix + "SrcEpoch");
        var release = bag.First(prefix + "SrcRelease");
        var text = (epoch is null or "0" ? "" : epoch + ":") + version + (release is null ? "" : "-" + release);
        return (name, text);
    }

    /// <summary>The image: <c>ImageID</c> (config digest), <c>RepoDigest</c>s, <c>DiffID</c>s, <c>RepoTag</c>s.</summary>
    public static ReportedImage Image(PropertyBag bag, string prefix, string? name) => new()
    {
        Name = name,
        ConfigDigest = SbomFields.OptionalDigest(bag, prefix + "ImageID"),
        RepoDigests = [.. bag.All(prefix + "RepoDigest").Select(SbomFields.RepositoryDigest).OfType<RepositoryDigest>()],
        DiffIds = [.. bag.All(prefix + "DiffID").Select(SbomFields.RequiredDigest).Distinct(StringComparer.Ordinal)],
        Tags = [.. bag.All(prefix + "RepoTag").Select(v => v.Value)],
    };
}

/// <summary>
/// What Syft writes in CycloneDX properties: <c>syft:location:N:layerID</c> (the diff id of the layer holding the file
/// the package was read from) and <c>syft:metadata:…</c> (its package metadata's JSON fields).
/// </summary>
internal static class SyftFields
{
    private const string LocationPrefix = "syft:location:";

    /// <summary>The layer of the lowest-numbered location that has one: Syft lists the primary evidence first.</summary>
    public static string? Layer(PropertyBag bag)
    {
        (int Index, (string, ReportElement) Value)? first = null;
        foreach (var name in bag.Names)
        {
            if (!name.StartsWith(LocationPrefix, StringComparison.Ordinal) || !name.EndsWith(":layerID", StringComparison.Ordinal))
            {
                continue;
            }

            var index = name[LocationPrefix.Length..^":layerID".Length];
            if (int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && (first is null || n < first.Value.Index))
            {
                first = (n, bag.All(name)[0]);
            }
        }

        return first is { } f ? SbomFields.RequiredDigest(f.Value) : null;
    }

    /// <summary>
    /// Source package from Syft's metadata: dpkg <c>source</c>/<c>sourceVersion</c>, apk <c>originPackage</c>,
    /// rpm <c>sourceRpm</c> (a file name, <c>openssl-1.1.1k-7.el8_6.src.rpm</c>).
    /// </summary>
    public static (string? Name, string? Version) Source(PropertyBag bag)
    {
        if (bag.First("syft:metadata:source") is { } source)
        {
            return (source, bag.First("syft:metadata:sourceVersion"));
        }

        if (bag.First("syft:metadata:originPackage") is { } origin)
        {
            return (origin, null);
        }

        return SourceRpmName.TryParse(bag.First("syft:metadata:sourceRpm"), out var name, out var version) ? (name, version) : (null, null);
    }
}

/// <summary>Field readers the two formats share.</summary>
internal static class SbomFields
{
    public static string? OptionalDigest(PropertyBag bag, string name) =>
        bag.FirstWithSource(name) is { } value ? RequiredDigest(value) : null;

    public static string RequiredDigest((string Value, ReportElement Where) value) =>
        Digest.TryParse(value.Value, out var digest)
            ? digest
            : throw value.Where.Error($"'{value.Value}' is not a digest (sha256:<64 hex>).");

    /// <summary><c>repo@sha256:…</c>; Docker's <c>&lt;none&gt;@&lt;none&gt;</c> means none.</summary>
    public static RepositoryDigest? RepositoryDigest((string Value, ReportElement Where) value)
    {
        if (value.Value.StartsWith("<none>", StringComparison.Ordinal))
        {
            return null;
        }

        return ImageName.TryParse(value.Value, out var reference, out var error) && reference.Digest is not null
            ? new RepositoryDigest(reference.FullRepository, reference.Digest)
            : throw value.Where.Error(error ?? $"'{value.Value}' has no @digest.");
    }

    /// <summary>A purl field: absent is null, malformed is an error naming the field.</summary>
    public static PackageUrl? OptionalPurl(string? text, ReportElement where) =>
        text is null ? null
            : PackageUrl.TryParse(text, out var purl, out var error) ? purl
            : throw where.Error(error);
}
