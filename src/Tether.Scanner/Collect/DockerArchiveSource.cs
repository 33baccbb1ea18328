using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Tether.Core.Errors;
using Tether.Core.Identity;
using Tether.Registry.Client;
using Tether.Registry.Parse;
using Tether.Scanner.Layers;

namespace Tether.Scanner.Collect;

/// <summary>
/// A <c>docker save</c> archive (also <c>skopeo</c>/<c>podman</c> <c>docker-archive:</c>) read as a content source,
/// without extracting it: the tar's entries are indexed once, and manifests, configs and layers are served as bounded
/// windows of the file. <c>manifest.json</c> says which images the archive holds. When the archive also carries an
/// OCI layout (<c>index.json</c> + <c>blobs/</c>, Docker ≥ 25), an image's manifest is the one found there; older
/// archives have no manifest at all, so one is synthesized (<see cref="ArchivedImage.ManifestSynthesized"/>) whose
/// digest is Tether's, not a registry's. Every blob read whole is checked against its digest; layer streams are
/// checked by the scanner as it reads them (<see cref="IContentSource.OpenBlobAsync"/>).
/// </summary>
public sealed class DockerArchiveSource : IContentSource
{
    /// <summary>Annotation on a synthesized manifest, so the graph shows where its digest came from.</summary>
    public const string SynthesizedAnnotation = "dev.tether.manifest.synthesized-from";

    /// <summary><see cref="Registry"/> when the archive's names do not share one registry (or it has none).</summary>
    public const string NoRegistry = "docker-archive";

    private const string IndexFile = "index.json";
    private const string BlobsFolder = "blobs/";

    private readonly TarIndex _tar;
    private readonly DockerArchiveLimits _limits;
    private readonly Dictionary<string, string> _blobNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _synthesized = new(StringComparer.Ordinal);
    private readonly List<ArchivedImage> _images = [];

    private DockerArchiveSource(TarIndex tar, DockerArchiveLimits limits)
    {
        _tar = tar;
        _limits = limits;
    }

    /// <summary>The archive's full path.</summary>
    public string File => _tar.File;

    /// <summary>The one registry every image name in the archive shares (<c>docker.io</c> for short names), else <see cref="NoRegistry"/>.</summary>
    public string Registry { get; private set; } = NoRegistry;

    /// <summary>The archive's images, in <c>manifest.json</c> order.</summary>
    public IReadOnlyList<ArchivedImage> Images => _images;

    /// <summary>Indexes the archive and reads <c>manifest.json</c>, the configs and any OCI manifests (no layer is read).</summary>
    /// <exception cref="InputException">Not a readable tar, no or a malformed <c>manifest.json</c>, a missing or lying entry, a limit exceeded.</exception>
    public static async Task<DockerArchiveSource> OpenAsync(string file, DockerArchiveLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var full = Path.GetFullPath(file);
        if (!System.IO.File.Exists(full))
        {
            throw new InputException(file, null, "does not exist or is not a file");
        }

        var source = new DockerArchiveSource(await TarIndex.ReadAsync(full, limits ?? DockerArchiveLimits.Default, cancellationToken).ConfigureAwait(false), limits ?? DockerArchiveLimits.Default);
        await source.LoadAsync(cancellationToken).ConfigureAwait(false);
        return source;
    }

    /// <summary>
    /// The image <paramref name="reference"/> names: null for the only image; <c>@N</c> for the N-th (0-based, as skopeo);
    /// a manifest digest or image ID (config digest); or a name as saved (<c>nginx:1.25</c>, <c>ghcr.io/org/app:tag</c>,
    /// <c>:latest</c> when no tag is given).
    /// </summary>
    public ArchivedImage Select(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return _images.Count == 1
                ? _images[0]
                : throw new InputException(File, null, $"holds {_images.Count} images; say which one (docker-archive:FILE:NAME, or :@N): {Describe()}");
        }

        if (reference.StartsWith('@') && int.TryParse(reference[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return index < _images.Count
                ? _images[index]
                : throw new InputException(File, null, $"has no image @{index}; it holds {_images.Count} (@0 to @{_images.Count - 1})");
        }

        if (Digest.TryParse(reference, out var digest))
        {
            return _images.FirstOrDefault(i => i.ManifestDigest == digest || i.ConfigDigest == digest)
                ?? throw new InputException(File, null, $"has no image with manifest digest or ID {digest}: {Describe()}");
        }

        if (!ImageName.TryParse(reference, out var name, out var error))
        {
            throw new InputException(File, null, $"cannot select an image by '{reference}': {error}");
        }

        var tag = name.Tag ?? (name.Digest is null ? "latest" : null);
        return _images.FirstOrDefault(i => (name.Digest is null || i.ManifestDigest == name.Digest)
                && i.Names.Any(n => n.Registry == name.Registry && n.Repository == name.Repository && (tag is null || n.Tag == tag)))
            ?? throw new InputException(File, null, $"has no image named {name with { Tag = tag }}: {Describe()}");
    }

    public Task<IReadOnlyList<string>> ListRepositoriesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(
            [.. _images.SelectMany(i => i.Names).Select(n => Registry == NoRegistry ? n.FullRepository : n.Repository).Distinct(StringComparer.Ordinal)]);

    public Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(
            [.. _images.SelectMany(i => i.Names).Where(n => Names(n, repository)).Select(n => n.Tag).OfType<string>().Distinct(StringComparer.Ordinal)]);

    public async Task<ManifestContent> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        string digest;
        if (Digest.TryParse(reference, out var parsed) && parsed == reference)
        {
            digest = parsed;
        }
        else
        {
            digest = _images.FirstOrDefault(i => i.Names.Any(n => n.Tag == reference && Names(n, repository)))?.ManifestDigest
                ?? throw new InputException(File, null, $"has no image tagged {repository}:{reference}: {Describe()}");
        }

        if (_synthesized.TryGetValue(digest, out var synthesized))
        {
            return new ManifestContent(repository, reference, digest, MediaTypes.OciManifest, synthesized);
        }

        var (bytes, entry) = await ReadBlobAsync(digest, null, _limits.MaxManifestBytes, cancellationToken).ConfigureAwait(false);
        var mediaType = ManifestParser.DetectMediaType(bytes, _limits.MaxManifestBytes);
        return MediaTypes.IsSupportedManifest(mediaType)
            ? new ManifestContent(repository, reference, digest, mediaType!, bytes)
            : throw new InputException(_tar.Source(entry.RawName), "mediaType", $"'{Clip(mediaType)}' is not a supported manifest (OCI image manifest or index, Docker schema 2 manifest or manifest list)");
    }

    public async Task<ReadOnlyMemory<byte>> GetBlobAsync(string repository, Descriptor descriptor, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return (await ReadBlobAsync(descriptor.Digest, descriptor.Size, maxBytes, cancellationToken).ConfigureAwait(false)).Bytes;
    }

    public Task<Stream> OpenBlobAsync(string repository, Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var entry = BlobEntry(descriptor.Digest) ?? throw new InputException(File, null, $"holds no blob {descriptor.Digest}");
        CheckSize(entry, descriptor.Size);
        return Task.FromResult(_tar.Open(entry));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in _tar.Entries)
        {
            if (BlobDigestOf(entry.Name) is { } digest)
            {
                _blobNames.TryAdd(digest, entry.Name);
            }
        }

        if (!_tar.Contains(DockerSaveManifest.FileName))
        {
            throw new InputException(File, null, _tar.Contains(IndexFile)
                ? "has no manifest.json: an OCI archive, not a docker save archive (unpack it and scan oci:DIR)"
                : "has no manifest.json: not a docker save archive");
        }

        var listSource = _tar.Source(DockerSaveManifest.FileName);
        var listEntry = _tar.Resolve(DockerSaveManifest.FileName, File, null);
        var list = DockerSaveManifest.Parse(await _tar.ReadAllAsync(listEntry, _limits.MaxManifestListBytes, cancellationToken).ConfigureAwait(false), listSource, _limits);
        var candidates = await ReadOciImagesAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < list.Count; i++)
        {
            _images.Add(await LoadImageAsync(i, list[i], listSource, candidates, cancellationToken).ConfigureAwait(false));
        }

        var registries = _images.SelectMany(i => i.Names).Select(n => n.Registry).Distinct(StringComparer.Ordinal).ToList();
        Registry = registries.Count == 1 ? registries[0] : NoRegistry;
    }

    private async Task<ArchivedImage> LoadImageAsync(int index, DockerSaveImage image, string listSource, List<OciImage> candidates, CancellationToken cancellationToken)
    {
        var path = $"$[{index}]";
        var names = new List<ImageName>();
        for (var k = 0; k < image.RepoTags.Count; k++)
        {
            // Docker always writes name:tag; a bare name means :latest to Docker, so it does here.
            names.Add(ImageName.TryParse(image.RepoTags[k], out var name, out var error)
                ? name.Tag is null && name.Digest is null ? name with { Tag = "latest" } : name
                : throw new InputException(listSource, $"{path}.RepoTags[{k}]", error));
        }

        var configEntry = _tar.Resolve(image.Config, listSource, $"{path}.Config");
        var configBytes = await _tar.ReadAllAsync(configEntry, _limits.MaxConfigBytes, cancellationToken).ConfigureAwait(false);
        var configDigest = Digest.Sha256(configBytes);
        if (BlobDigestOf(configEntry.Name) is { } named && Hash(configBytes, named) != named)
        {
            throw new InputException(_tar.Source(configEntry.RawName), null, $"hashes to {Hash(configBytes, named)}, not to the digest its name says; refusing it");
        }

        var config = ImageConfigParser.Parse(configBytes, _tar.Source(configEntry.RawName), _limits.MaxConfigBytes);
        var layers = new List<TarIndexEntry>(image.Layers.Count);
        for (var j = 0; j < image.Layers.Count; j++)
        {
            layers.Add(_tar.Resolve(image.Layers[j], listSource, $"{path}.Layers[{j}]"));
        }

        if (config.DiffIds.Count != layers.Count)
        {
            throw new InputException(listSource, $"{path}.Layers", $"lists {layers.Count} layers but the config's rootfs.diff_ids has {config.DiffIds.Count}");
        }

        _blobNames.TryAdd(configDigest, configEntry.Name);

        // The archive's own manifest, when its OCI layout has one with this config whose layers are these very entries.
        var match = candidates.FirstOrDefault(c => c.Manifest.Config.Digest == configDigest && c.Manifest.Layers.Count == layers.Count
            && c.Manifest.Layers.Select((d, j) => _blobNames.TryGetValue(d.Digest, out var name) && SameEntry(name, layers[j])).All(same => same));
        if (match is not null)
        {
            return new ArchivedImage(index, match.Digest, configDigest, names) { IndexDigest = match.IndexDigest };
        }

        var digest = await SynthesizeAsync(configEntry, configDigest, config.DiffIds, layers, cancellationToken).ConfigureAwait(false);
        return new ArchivedImage(index, digest, configDigest, names) { ManifestSynthesized = true };
    }

    /// <summary>
    /// An OCI manifest for an image the archive stores without one: the config as stored, and each layer file as stored
    /// (media type by its magic number). An uncompressed layer's digest is its diff id, and a layer under
    /// <c>blobs/sha256/</c> is named by its digest: both are taken as they are instead of reading every layer twice, and
    /// the scan refuses a layer that does not hash to them. A compressed layer without such a name is hashed here.
    /// </summary>
    private async Task<string> SynthesizeAsync(TarIndexEntry configEntry, string configDigest, IReadOnlyList<string> diffIds, List<TarIndexEntry> layers, CancellationToken cancellationToken)
    {
        var descriptors = new List<(string MediaType, string Digest, long Size)>(layers.Count);
        for (var j = 0; j < layers.Count; j++)
        {
            var entry = layers[j];
            var compression = LayerCompression.Detect(await _tar.ReadHeadAsync(entry, LayerCompression.MagicLength, cancellationToken).ConfigureAwait(false));
            var digest = BlobDigestOf(entry.Name)
                ?? (compression == LayerCompression.None ? diffIds[j] : await HashAsync(entry, cancellationToken).ConfigureAwait(false));
            _blobNames.TryAdd(digest, entry.Name);
            descriptors.Add((LayerCompression.OciMediaType(compression), digest, entry.Length));
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", MediaTypes.OciManifest);
            json.WriteStartObject("config");
            WriteDescriptor(json, MediaTypes.OciImageConfig, configDigest, configEntry.Length);
            json.WriteEndObject();
            json.WriteStartArray("layers");
            foreach (var (mediaType, digest, size) in descriptors)
            {
                json.WriteStartObject();
                WriteDescriptor(json, mediaType, digest, size);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("annotations");
            json.WriteString(SynthesizedAnnotation, "docker-archive manifest.json");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        var bytes = buffer.ToArray();
        var manifestDigest = Digest.Sha256(bytes);
        _synthesized[manifestDigest] = bytes;
        return manifestDigest;
    }

    private static void WriteDescriptor(Utf8JsonWriter json, string mediaType, string digest, long size)
    {
        json.WriteString("mediaType", mediaType);
        json.WriteString("digest", digest);
        json.WriteNumber("size", size);
    }

    /// <summary>The image manifests of the archive's OCI layout (<c>index.json</c> and the indexes it names), skipping what was not saved (other platforms).</summary>
    private async Task<List<OciImage>> ReadOciImagesAsync(CancellationToken cancellationToken)
    {
        var found = new List<OciImage>();
        if (!_tar.Contains(IndexFile))
        {
            return found;
        }

        var source = _tar.Source(IndexFile);
        var bytes = await _tar.ReadAllAsync(_tar.Resolve(IndexFile, File, null), _limits.MaxManifestBytes, cancellationToken).ConfigureAwait(false);
        var index = (ImageIndex)ManifestParser.Parse(bytes, MediaTypes.OciIndex, source, _limits.MaxManifestBytes);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await WalkAsync(index.Manifests, null, 1, source, found, seen, cancellationToken).ConfigureAwait(false);
        return found;
    }

    private async Task WalkAsync(IReadOnlyList<Descriptor> descriptors, string? parent, int depth, string source, List<OciImage> found, HashSet<string> seen, CancellationToken cancellationToken)
    {
        foreach (var descriptor in descriptors)
        {
            var isIndex = MediaTypes.IsIndex(descriptor.MediaType);
            if (!(isIndex || MediaTypes.IsManifest(descriptor.MediaType)) || !_blobNames.ContainsKey(descriptor.Digest) || !seen.Add(descriptor.Digest))
            {
                continue; // not saved (another platform), not a manifest, or already read
            }

            if (seen.Count > _limits.MaxManifestsRead)
            {
                throw new InputException(source, "manifests", $"names more than {_limits.MaxManifestsRead:N0} manifests");
            }

            var (bytes, entry) = await ReadBlobAsync(descriptor.Digest, descriptor.Size, _limits.MaxManifestBytes, cancellationToken).ConfigureAwait(false);
            var document = ManifestParser.Parse(bytes, descriptor.MediaType, _tar.Source(entry.RawName), _limits.MaxManifestBytes);
            if (document is ImageIndex nested)
            {
                if (depth >= _limits.MaxIndexDepth)
                {
                    throw new InputException(_tar.Source(entry.RawName), "manifests", $"indexes nest deeper than {_limits.MaxIndexDepth}");
                }

                await WalkAsync(nested.Manifests, descriptor.Digest, depth + 1, source, found, seen, cancellationToken).ConfigureAwait(false);
            }
            else if (document is ImageManifest { IsImage: true } manifest)
            {
                found.Add(new OciImage(descriptor.Digest, manifest, parent));
            }
        }
    }

    private async Task<(byte[] Bytes, TarIndexEntry Entry)> ReadBlobAsync(string digest, long? size, int maxBytes, CancellationToken cancellationToken)
    {
        var entry = BlobEntry(digest) ?? throw new InputException(File, null, $"holds no blob {digest}");
        if (size is { } expected)
        {
            CheckSize(entry, expected);
        }

        var bytes = await _tar.ReadAllAsync(entry, maxBytes, cancellationToken).ConfigureAwait(false);
        var actual = Hash(bytes, digest);
        return actual == digest
            ? (bytes, entry)
            : throw new InputException(_tar.Source(entry.RawName), null, $"hashes to {actual}, not to {digest}; refusing it");
    }

    private async Task<string> HashAsync(TarIndexEntry entry, CancellationToken cancellationToken)
    {
        var stream = _tar.Open(entry);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            }
            catch (EndOfStreamException e)
            {
                throw new InputException(_tar.Source(entry.RawName), null, e.Message, e);
            }
        }
    }

    private void CheckSize(TarIndexEntry entry, long expected)
    {
        if (entry.Length != expected)
        {
            throw new InputException(_tar.Source(entry.RawName), "size", $"is {entry.Length:N0} bytes; its descriptor says {expected:N0}");
        }
    }

    private TarIndexEntry? BlobEntry(string digest) =>
        _blobNames.TryGetValue(digest, out var name) ? _tar.Resolve(name, File, null) : null;

    private bool SameEntry(string name, TarIndexEntry entry)
    {
        try
        {
            return _tar.Resolve(name, File, null).Name == entry.Name;
        }
        catch (InputException)
        {
            return false;
        }
    }

    private static bool Names(ImageName name, string repository) => name.Repository == repository || name.FullRepository == repository;

    /// <summary>The digest a <c>blobs/ALG/HEX</c> entry name states, else null.</summary>
    private static string? BlobDigestOf(string name)
    {
        if (!name.StartsWith(BlobsFolder, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = name[BlobsFolder.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && Digest.TryParse($"{rest[..slash]}:{rest[(slash + 1)..]}", out var digest) ? digest : null;
    }

    private static string Hash(byte[] bytes, string digest) =>
        digest.StartsWith("sha512:", StringComparison.Ordinal)
            ? "sha512:" + Convert.ToHexStringLower(SHA512.HashData(bytes))
            : Digest.Sha256(bytes);

    private string Describe() =>
        _images.Count == 0 ? "none" : string.Join(", ", _images.Take(20).Select(i => $"@{i.Index} {i}")) + (_images.Count > 20 ? ", …" : "");

    private static string Clip(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";

    private sealed record OciImage(string Digest, ImageManifest Manifest, string? IndexDigest);
}
