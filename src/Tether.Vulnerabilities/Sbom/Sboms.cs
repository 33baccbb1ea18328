using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Vulnerabilities.Reports.Parse;
using Tether.Vulnerabilities.Sbom.Normalize;
using Tether.Vulnerabilities.Sbom.Parse;

namespace Tether.Vulnerabilities.Sbom;

/// <summary>An SBOM file's name and bytes, read by the caller (the CLI, the server).</summary>
public sealed record SbomFile(string Source, ReadOnlyMemory<byte> Content);

/// <summary>The batch to store and what each SBOM contributed, with distinct totals over the batch.</summary>
public sealed record SbomImport(GraphBatch Batch, IReadOnlyList<SbomIngestResult> Sboms)
{
    public int Packages => Count(NodeKinds.Package);
    public int Layers => Count(NodeKinds.Layer);
    public int Images => Count(NodeKinds.Image);

    /// <summary>Distinct ecosystems over the batch's packages, sorted.</summary>
    public IReadOnlyList<string> Ecosystems =>
        [.. Batch.Nodes.OfType<PackageFacts>().Select(p => p.Ecosystem).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private int Count(string kind) => Batch.Nodes.Count(node => node.Kind == kind);
}

/// <summary>
/// Entry point for SBOMs (CycloneDX JSON 1.4–1.7, SPDX JSON 2.2/2.3, as Syft and Trivy write them). Pure: no I/O,
/// no clock (the caller passes the observation time). See docs/sbom.md.
/// </summary>
public static class Sboms
{
    /// <summary>
    /// An SBOM's packages, ready to match, without building a graph (<c>tether vuln match SBOM</c>).
    /// Needs no image digest: the list says what the SBOM names (<see cref="SbomPackageList.Image"/>).
    /// </summary>
    /// <param name="content">The SBOM file's bytes.</param>
    /// <param name="source">The file name, used in errors.</param>
    /// <exception cref="Core.Errors.InputException">Malformed, truncated, over a limit, or not CycloneDX/SPDX JSON.</exception>
    public static SbomPackageList ReadPackages(ReadOnlyMemory<byte> content, string source) =>
        SbomPackageReader.Read(SbomParser.Parse(content, source));

    /// <summary>
    /// Several SBOMs into one batch, every file parsed before the batch is built so bad input stores nothing.
    /// <paramref name="image"/> (<c>REF@sha256:…</c> or <c>sha256:…</c>) applies to every file; it is required for an
    /// SBOM that names no manifest or repository digest (see <see cref="Reports.Normalize.ImageDigestRules"/>).
    /// </summary>
    /// <exception cref="Core.Errors.InputException">A file is bad, or names no digest and <paramref name="image"/> is null.</exception>
    public static SbomImport Import(IReadOnlyList<SbomFile> files, string? image, DateTimeOffset observedAt)
    {
        ArgumentNullException.ThrowIfNull(files);
        var declared = image is null ? null : DeclaredImage.Parse(image);
        var lists = files.Select(file => ReadPackages(file.Content, file.Source)).ToList();

        var batch = new GraphBatch(SbomNormalizer.Collector, observedAt);
        var normalizer = new SbomNormalizer(batch);
        var results = lists.Select(list => normalizer.Add(list, declared)).ToList();
        return new SbomImport(batch, results);
    }
}
