using System.Security.Cryptography;
using Tether.Core.Errors;
using Tether.Core.Parsing;
using Tether.Registry.Parse;

namespace Tether.Registry.Client.Layout;

/// <summary>
/// An OCI image layout directory (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/ALG/HEX</c>) read as if it were
/// one repository of a registry: tags are the <c>org.opencontainers.image.ref.name</c> annotations of
/// <c>index.json</c>; every blob read is checked against its digest and size cap, as over the network.
/// </summary>
public sealed class OciLayoutSource : IContentSource
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    private readonly string _directory;
    private readonly string _repository;
    private readonly RegistryLimits _limits;
    private readonly Lazy<Task<IReadOnlyList<Descriptor>>> _index;

    /// <param name="directory">The layout directory (read only; never written).</param>
    /// <param name="registry">The registry host to record the content under.</param>
    /// <param name="repository">The repository name to record the content under.</param>
    /// <param name="limits">Size caps; defaults to <see cref="RegistryLimits.Default"/>.</param>
    public OciLayoutSource(string directory, string registry, string repository, RegistryLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        _directory = Path.GetFullPath(directory);
        Registry = RegistryEndpoint.Parse(registry).Registry;
        _repository = RepositoryNames.IsValid(repository)
            ? repository
            : throw new FormatException($"'{repository}' is not a valid repository name (lower-case path components of [a-z0-9._-]).");
        _limits = limits ?? RegistryLimits.Default;
        _index = new Lazy<Task<IReadOnlyList<Descriptor>>>(() => ReadIndexAsync(CancellationToken.None));
    }

    public string Registry { get; }

    public Task<IReadOnlyList<string>> ListRepositoriesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([_repository]);

    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken)
    {
        CheckRepository(repository);
        var index = await _index.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. index.Select(d => d.Annotation(RefNameAnnotation)).OfType<string>().Where(RepositoryNames.IsValidTag).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The layout's <c>index.json</c> entries, in order (what a layout without a tag to ask for holds).</summary>
    public Task<IReadOnlyList<Descriptor>> ListManifestsAsync(CancellationToken cancellationToken) => _index.Value.WaitAsync(cancellationToken);

    public async Task<ManifestContent> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        CheckRepository(repository);
        var index = await _index.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        Descriptor? descriptor;
        if (Core.Identity.Digest.TryParse(reference, out var digest) && digest == reference)
        {
            descriptor = index.FirstOrDefault(d => d.Digest == digest);
        }
        else
        {
            descriptor = index.LastOrDefault(d => d.Annotation(RefNameAnnotation) == reference)
                ?? throw new RegistryException(RegistryErrorKind.NotFound, Registry, repository, reference, null,
                    $"the OCI layout {_directory} has no manifest annotated {RefNameAnnotation}={reference}.");
            digest = descriptor.Digest;
        }

        var bytes = await ReadBlobAsync(digest, descriptor?.Size, _limits.MaxManifestBytes, reference, cancellationToken).ConfigureAwait(false);

        // Prefer the manifest's own mediaType, then its descriptor's: a layout has no Content-Type header.
        var mediaType = ManifestParser.DetectMediaType(bytes, _limits.MaxManifestBytes) ?? descriptor?.MediaType;
        if (!MediaTypes.IsSupportedManifest(mediaType))
        {
            throw new RegistryException(RegistryErrorKind.UnsupportedMediaType, Registry, repository, reference, null,
                $"media type '{JsonFields.Clip(mediaType)}' is not a supported manifest (OCI image manifest or index, Docker schema 2 manifest or manifest list).");
        }

        return new ManifestContent(repository, reference, digest, mediaType!, bytes);
    }

    public async Task<ReadOnlyMemory<byte>> GetBlobAsync(string repository, Descriptor descriptor, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        CheckRepository(repository);
        return await ReadBlobAsync(descriptor.Digest, descriptor.Size, maxBytes, descriptor.Digest, cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream> OpenBlobAsync(string repository, Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        CheckRepository(repository);
        var path = BlobPath(descriptor.Digest);
        if (!File.Exists(path))
        {
            throw new RegistryException(RegistryErrorKind.NotFound, Registry, _repository, descriptor.Digest, null, $"blob {descriptor.Digest} is missing from the OCI layout {_directory}.");
        }

        return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous));
    }

    private async Task<IReadOnlyList<Descriptor>> ReadIndexAsync(CancellationToken cancellationToken)
    {
        var layoutFile = Path.Combine(_directory, "oci-layout");
        var indexFile = Path.Combine(_directory, "index.json");
        if (!File.Exists(layoutFile) || !File.Exists(indexFile))
        {
            throw new InputException(_directory, null, "is not an OCI image layout (it needs an oci-layout file and index.json).");
        }

        var marker = await ReadBoundedAsync(layoutFile, 64 * 1024, cancellationToken).ConfigureAwait(false);
        using (var document = BoundedJson.Parse(marker, layoutFile, 64 * 1024))
        {
            var version = BoundedJson.OptionalString(JsonFields.RequireObject(document.RootElement, layoutFile, "$"), "imageLayoutVersion", layoutFile, "$");
            if (version is null || !version.StartsWith("1.", StringComparison.Ordinal))
            {
                throw new InputException(layoutFile, "$.imageLayoutVersion", $"'{JsonFields.Clip(version)}' is not a supported layout version (1.x).");
            }
        }

        var bytes = await ReadBoundedAsync(indexFile, _limits.MaxManifestBytes, cancellationToken).ConfigureAwait(false);
        var index = ManifestParser.Parse(bytes, MediaTypes.OciIndex, indexFile, _limits.MaxManifestBytes) as ImageIndex;
        return index!.Manifests;
    }

    /// <summary>The digest was validated (algorithm and hex only), so the path cannot leave blobs/.</summary>
    private string BlobPath(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        return Path.Combine(_directory, "blobs", digest[..colon], digest[(colon + 1)..]);
    }

    private async Task<byte[]> ReadBlobAsync(string digest, long? expectedSize, int maxBytes, string reference, CancellationToken cancellationToken)
    {
        var path = BlobPath(digest);
        if (!File.Exists(path))
        {
            throw new RegistryException(RegistryErrorKind.NotFound, Registry, _repository, reference, null, $"blob {digest} is missing from the OCI layout {_directory}.");
        }

        var length = new FileInfo(path).Length;
        if (length > maxBytes)
        {
            throw new RegistryException(RegistryErrorKind.TooLarge, Registry, _repository, reference, null, $"blob {digest} is {length} bytes; the limit is {maxBytes}.");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (expectedSize is { } size && bytes.Length != size)
        {
            throw new RegistryException(RegistryErrorKind.Truncated, Registry, _repository, reference, null, $"blob {digest} is {bytes.Length} bytes; its descriptor says {size}.");
        }

        var actual = digest.StartsWith("sha512:", StringComparison.Ordinal)
            ? "sha512:" + Convert.ToHexStringLower(SHA512.HashData(bytes))
            : Core.Identity.Digest.Sha256(bytes);
        return actual == digest
            ? bytes
            : throw new RegistryException(RegistryErrorKind.DigestMismatch, Registry, _repository, reference, null,
                $"blob {digest} in the OCI layout hashes to {actual}; refusing it.");
    }

    private static async Task<byte[]> ReadBoundedAsync(string path, int maxBytes, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        return length > maxBytes
            ? throw new InputException(path, null, $"{length} bytes is over the {maxBytes}-byte limit.")
            : await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
    }

    private void CheckRepository(string repository)
    {
        if (repository != _repository)
        {
            throw new RegistryException(RegistryErrorKind.NotFound, Registry, repository, null, null,
                $"the OCI layout {_directory} is read as repository {_repository} only.");
        }
    }
}
