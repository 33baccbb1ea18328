using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tether.Scanner.Tests.Collect;

/// <summary>
/// Writes tar archives entry by entry — to build <c>docker save</c> shapes no tool here writes (Docker ≥ 25's OCI layout
/// inside, Docker ≤ 24's <c>ID/layer.tar</c>) and hostile ones — or rewrites a real archive's entries.
/// </summary>
internal sealed class ArchiveBuilder
{
    private readonly List<(string Name, TarEntryType Type, byte[]? Data, string? Link)> _entries = [];

    public static ArchiveBuilder From(string tarFile)
    {
        var builder = new ArchiveBuilder();
        using var reader = new TarReader(System.IO.File.OpenRead(tarFile));
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            byte[]? data = null;
            if (entry.DataStream is { } stream)
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                data = copy.ToArray();
            }

            builder._entries.Add((entry.Name, entry.EntryType, data, entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink ? entry.LinkName : null));
        }

        return builder;
    }

    public IEnumerable<string> Names => _entries.Select(e => e.Name);

    public byte[] Read(string name) => _entries.Single(e => e.Name == name).Data!;

    public string? LinkOf(string name) => _entries.Single(e => e.Name == name).Link;

    public ArchiveBuilder File(string name, byte[] data)
    {
        _entries.Add((name, TarEntryType.RegularFile, data, null));
        return this;
    }

    public ArchiveBuilder File(string name, string text) => File(name, Encoding.UTF8.GetBytes(text));

    public ArchiveBuilder Json(string name, object value) => File(name, JsonSerializer.SerializeToUtf8Bytes(value));

    public ArchiveBuilder Symlink(string name, string target)
    {
        _entries.Add((name, TarEntryType.SymbolicLink, null, target));
        return this;
    }

    public ArchiveBuilder Hardlink(string name, string target)
    {
        _entries.Add((name, TarEntryType.HardLink, null, target));
        return this;
    }

    public ArchiveBuilder Directory(string name)
    {
        _entries.Add((name, TarEntryType.Directory, null, null));
        return this;
    }

    public ArchiveBuilder Remove(string name)
    {
        _entries.RemoveAll(e => e.Name == name);
        return this;
    }

    public ArchiveBuilder Replace(string name, byte[] data)
    {
        var index = _entries.FindIndex(e => e.Name == name);
        _entries[index] = (name, TarEntryType.RegularFile, data, null);
        return this;
    }

    public string Write(string path)
    {
        using var output = System.IO.File.Create(path);
        using var writer = new TarWriter(output, TarEntryFormat.Pax);
        foreach (var (name, type, data, link) in _entries)
        {
            var entry = new PaxTarEntry(type, name) { Mode = (UnixFileMode)0b110_100_100 };
            if (link is not null)
            {
                entry.LinkName = link;
            }

            if (data is not null)
            {
                entry.DataStream = new MemoryStream(data);
            }

            writer.WriteEntry(entry);
        }

        return path;
    }

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A minimal image config whose <c>rootfs.diff_ids</c> are the sha256 of <paramref name="layerTars"/>.</summary>
    public static byte[] Config(params byte[][] layerTars) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        architecture = "amd64",
        os = "linux",
        rootfs = new { type = "layers", diff_ids = layerTars.Select(Sha256).ToArray() },
        history = layerTars.Select((_, i) => new { created_by = $"RUN step {i + 1}" }).ToArray(),
    });

    /// <summary><c>manifest.json</c> of one image.</summary>
    public static object[] Manifest(string config, string[] tags, params string[] layers) =>
        [new { Config = config, RepoTags = tags, Layers = layers }];
}
