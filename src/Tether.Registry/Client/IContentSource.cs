using Tether.Registry.Parse;

namespace Tether.Registry.Client;

/// <summary>
/// Where manifests and blobs come from: a registry over the distribution API (<see cref="RegistryClient"/>) or an
/// OCI image layout directory (<see cref="Layout.OciLayoutSource"/>). Every answer is verified against its digest
/// and size cap before it is returned, so callers can trust the bytes they parse.
/// </summary>
public interface IContentSource
{
    /// <summary>The registry host the content is recorded under (e.g. <c>ghcr.io</c>, <c>127.0.0.1:5000</c>).</summary>
    string Registry { get; }

    /// <summary>All repositories (<c>_catalog</c>, every page).</summary>
    Task<IReadOnlyList<string>> ListRepositoriesAsync(CancellationToken cancellationToken);

    /// <summary>All tags of a repository (every page).</summary>
    Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken);

    /// <summary>A manifest or index by tag or digest, its bytes checked against the digest.</summary>
    Task<ManifestContent> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken);

    /// <summary>A blob (config, attestation layer) checked against the descriptor's digest and size, refused over <paramref name="maxBytes"/>.</summary>
    Task<ReadOnlyMemory<byte>> GetBlobAsync(string repository, Descriptor descriptor, int maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// A blob as a stream, for layers too big to hold in memory. Not verified here: the reader hashes what it reads and
    /// must compare the result with <paramref name="descriptor"/>'s digest before trusting anything it derived.
    /// </summary>
    Task<Stream> OpenBlobAsync(string repository, Descriptor descriptor, CancellationToken cancellationToken);
}

/// <summary>A fetched manifest: verified digest, the media type it was served as, and its exact bytes.</summary>
public sealed record ManifestContent(string Repository, string Reference, string Digest, string MediaType, ReadOnlyMemory<byte> Bytes);
