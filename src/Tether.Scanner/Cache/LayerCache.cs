using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tether.Scanner.Layers;

namespace Tether.Scanner.Cache;

/// <summary>
/// Layer scans on disk, keyed by diff id, so a layer shared by many images (a base image) is downloaded and read once,
/// and rescanning an image whose layers are all known downloads nothing. One gzip JSON file per layer under
/// <c>$XDG_CACHE_HOME/tether/layers/v1-{analyzers}/</c>: the directory changes when the set of analyzers does, since a
/// scan made without an analyzer lacks its packages. Files are written whole (temporary name, then rename); a file that
/// cannot be read is treated as absent and rewritten.
/// </summary>
public sealed class LayerCache
{
    private const long MaxCachedBytes = 1L * 1024 * 1024 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _directory;

    public LayerCache(string root, IEnumerable<string> analyzerNames)
    {
        ArgumentNullException.ThrowIfNull(root);
        var names = string.Join(",", analyzerNames.Order(StringComparer.Ordinal));
        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(names)))[..12];
        _directory = Path.Combine(root, "layers", $"v1-{version}");
    }

    /// <summary><c>$XDG_CACHE_HOME/tether</c>, else <c>~/.cache/tether</c>.</summary>
    public static string DefaultRoot()
    {
        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cacheHome))
        {
            cacheHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(cacheHome, "tether");
    }

    public async Task<LayerScan?> GetAsync(string diffId, CancellationToken cancellationToken)
    {
        var path = PathOf(diffId);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var file = File.OpenRead(path);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using var bounded = new BoundedReadStream(gzip, MaxCachedBytes);
            var scan = await JsonSerializer.DeserializeAsync<LayerScan>(bounded, Json, cancellationToken).ConfigureAwait(false);
            return scan?.DiffId == diffId ? scan : null;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException or NotSupportedException)
        {
            return null; // a damaged or older entry: scan the layer again and overwrite it
        }
    }

    public async Task PutAsync(LayerScan scan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var path = PathOf(scan.DiffId) ?? throw new ArgumentException($"'{scan.DiffId}' is not a sha256 diff id", nameof(scan));
        Directory.CreateDirectory(_directory);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        await using (var file = File.Create(temporary))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            await JsonSerializer.SerializeAsync(gzip, scan, Json, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Only well-formed sha256 digests name files, so a hostile diff id cannot choose a path.</summary>
    private string? PathOf(string diffId) =>
        diffId.StartsWith("sha256:", StringComparison.Ordinal) && diffId.Length == 71 && diffId[7..].All(char.IsAsciiHexDigitLower)
            ? Path.Combine(_directory, diffId[7..] + ".json.gz")
            : null;

    /// <summary>Stops reading a cache file that expands beyond any real scan.</summary>
    private sealed class BoundedReadStream(Stream inner, long max) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > max ? throw new InvalidDataException("cache entry too large") : read;
        }
    }
}
