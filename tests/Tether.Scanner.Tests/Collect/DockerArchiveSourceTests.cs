using System.Text.Json;
using Tether.Core.Errors;
using Tether.Registry.Client.Layout;
using Tether.Registry.Parse;
using Tether.Scanner.Analyze;
using Tether.Scanner.Collect;
using Tether.Scanner.Normalize;
using Tether.Scanner.Scan;
using Tether.Scanner.Tests.Analyze.Language;
using Tether.Testing;
using Xunit;
using static Tether.Scanner.Tests.Layers.TestLayers;

namespace Tether.Scanner.Tests.Collect;

/// <summary>
/// <c>docker save</c> archives read in place: a real one written by skopeo from the demo's OCI layout, the shapes Docker
/// ≤ 24 and ≥ 25 write (built here from the same real blobs), and hostile ones.
/// </summary>
public sealed class DockerArchiveSourceTests : IDisposable
{
    private const string PaymentsDigest = "sha256:87e8b3b9d55f017a21acace182aead00b05ab9281dd83cb2c07f5a62d0610a10";
    private const string PaymentsName = "acrcontoso.azurecr.io/payments-api:1.8.0";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Layout = TestData.Repo("samples", "demo", "registry", "payments-api");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_skopeo_docker_archive_scans_to_the_same_layers_and_packages_as_the_OCI_layout_it_was_copied_from()
    {
        var archive = await DockerArchiveSource.OpenAsync(SkopeoArchive());

        var image = Assert.Single(archive.Images);
        Assert.Equal([PaymentsName], image.Names.Select(n => n.ToString()));
        Assert.Equal("acrcontoso.azurecr.io", archive.Registry);
        Assert.True(image.ManifestSynthesized);
        Assert.NotEqual(PaymentsDigest, image.ManifestDigest);
        var fromArchive = await ScanAsync(archive, "payments-api", image.ManifestDigest);
        var fromLayout = await ScanLayoutAsync();

        // The synthesized manifest: the same config, each layer as stored (uncompressed: digest = diff id), marked as Tether's.
        var manifest = fromArchive.Scan.Image.Manifest;
        Assert.Equal(fromLayout.Scan.Image.ConfigDigest, image.ConfigDigest);
        Assert.Equal(fromLayout.Scan.Image.ConfigDigest, manifest.Config.Digest);
        Assert.All(manifest.Layers, l => Assert.Equal("application/vnd.oci.image.layer.v1.tar", l.MediaType));
        Assert.Equal(fromLayout.Scan.Image.Config.DiffIds, manifest.Layers.Select(l => l.Digest));
        Assert.Equal("docker-archive manifest.json", manifest.Annotations![DockerArchiveSource.SynthesizedAnnotation]);

        Assert.Equal(fromLayout.Scan.Layers.Select(l => l.Scan.DiffId), fromArchive.Scan.Layers.Select(l => l.Scan.DiffId));
        Assert.Equal(Keys(fromLayout), Keys(fromArchive));
        Assert.Equal(10, Keys(fromArchive).Count);
        Assert.Equal(
            fromLayout.Scan.Filesystem.Entries.Select(e => (e.Entry.Path, e.Layer, e.Entry.Sha256)),
            fromArchive.Scan.Filesystem.Entries.Select(e => (e.Entry.Path, e.Layer, e.Entry.Sha256)));

        // Tether's digest is stable: the same archive gives the same manifest digest every time.
        var again = await DockerArchiveSource.OpenAsync(archive.File);
        Assert.Equal(image.ManifestDigest, again.Images[0].ManifestDigest);
    }

    [Fact]
    public async Task An_archive_carrying_an_OCI_layout_as_Docker_25_writes_it_keeps_the_real_manifest_digest()
    {
        var (path, manifest) = await Docker25ArchiveAsync("docker25.tar", index => index);
        var archive = await DockerArchiveSource.OpenAsync(path);

        var image = Assert.Single(archive.Images);
        Assert.False(image.ManifestSynthesized);
        Assert.Equal(PaymentsDigest, image.ManifestDigest);
        var fromArchive = await ScanAsync(archive, "payments-api", "1.8.0");
        Assert.Equal(PaymentsDigest, fromArchive.ManifestDigest);
        Assert.Equal(manifest.Layers.Select(l => l.Digest), fromArchive.Scan.Layers.Select(l => l.Scan.BlobDigest));
        Assert.Equal(Keys(await ScanLayoutAsync()), Keys(fromArchive));
    }

    [Fact]
    public async Task A_descriptor_in_the_archives_index_whose_size_lies_is_refused()
    {
        var (path, _) = await Docker25ArchiveAsync("lying-size.tar", index => index.Replace("\"size\": 1106", "\"size\": 1000", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<InputException>(() => DockerArchiveSource.OpenAsync(path));

        Assert.Equal($"{path} entry blobs/sha256/{PaymentsDigest[7..]}: size: is 1,106 bytes; its descriptor says 1,000", error.Message);
    }

    [Fact]
    public async Task Layers_reached_through_the_links_older_docker_save_writes_are_followed_inside_the_archive()
    {
        // skopeo's archive also has Docker ≤ 24's ID/layer.tar names, as symlinks to the layer files; a hardlink works too.
        var real = ArchiveBuilder.From(SkopeoArchive());
        var list = JsonDocument.Parse(real.Read("manifest.json")).RootElement[0];
        var links = real.Names.Where(n => n.EndsWith("/layer.tar", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, links.Count);
        var layerFiles = list.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()!).ToList();
        var linked = layerFiles.Select(f => links.Single(l => real.LinkOf(l) == "../" + f)).ToList();
        real.Remove("manifest.json")
            .Hardlink("config-hardlink.json", list.GetProperty("Config").GetString()!)
            .Json("manifest.json", ArchiveBuilder.Manifest("config-hardlink.json", [PaymentsName], [.. linked]));
        var archive = await DockerArchiveSource.OpenAsync(real.Write(_dir.File("legacy.tar")));

        var result = await ScanAsync(archive, "payments-api", archive.Images[0].ManifestDigest);

        Assert.Equal(Keys(await ScanLayoutAsync()), Keys(result));
        Assert.Equal(5, result.Scan.Layers.Count);
    }

    [Fact]
    public async Task A_compressed_layer_file_is_hashed_and_described_as_gzip()
    {
        var tar = Tar(File("var/lib/test/pkgs", "zlib 1.3\n"));
        var gzip = Gzip(tar);
        var path = new ArchiveBuilder()
            .File("config.json", ArchiveBuilder.Config(tar))
            .File("layer.tar.gz", gzip)
            .Json("manifest.json", ArchiveBuilder.Manifest("config.json", ["zlib:1"], "layer.tar.gz"))
            .Write(_dir.File("gz.tar"));
        var archive = await DockerArchiveSource.OpenAsync(path);

        var image = await ImageFetcher.FetchAsync(archive, "library/zlib", "1", null, default);
        var scan = await new ImageScanner([new ListAnalyzer()], cache: null).ScanAsync(archive, image);

        var layer = Assert.Single(image.Manifest.Layers);
        Assert.Equal(("application/vnd.oci.image.layer.v1.tar+gzip", ArchiveBuilder.Sha256(gzip), (long)gzip.Length), (layer.MediaType, layer.Digest, layer.Size));
        Assert.Equal(ArchiveBuilder.Sha256(tar), scan.Layers[0].Scan.DiffId);
        Assert.Equal([("zlib", "1.3")], scan.Filesystem.Packages.Select(p => (p.Package.Name, p.Package.Version)));
        Assert.Equal("docker.io", archive.Registry);
    }

    [Fact]
    public async Task An_image_is_selected_by_name_position_manifest_digest_or_image_id_and_ambiguity_is_an_error()
    {
        var first = Tar(File("var/lib/test/pkgs", "a 1\n"));
        var second = Tar(File("var/lib/test/pkgs", "b 2\n"));
        object[] list =
        [
            new { Config = "one.json", RepoTags = new[] { "example.com/team/one:1.0" }, Layers = new[] { "one.tar" } },
            new { Config = "two.json", RepoTags = new[] { "two" }, Layers = new[] { "two.tar" } },
        ];
        var path = new ArchiveBuilder()
            .File("one.json", ArchiveBuilder.Config(first)).File("one.tar", first)
            .File("two.json", ArchiveBuilder.Config(second)).File("two.tar", second)
            .Json("manifest.json", list)
            .Write(_dir.File("two.tar"));
        var archive = await DockerArchiveSource.OpenAsync(path);
        var (one, two) = (archive.Images[0], archive.Images[1]);

        Assert.Equal(one, archive.Select("example.com/team/one:1.0"));
        Assert.Equal(two, archive.Select("two"));
        Assert.Equal(two, archive.Select("docker.io/library/two:latest"));
        Assert.Equal(two, archive.Select("@1"));
        Assert.Equal(one, archive.Select(one.ManifestDigest));
        Assert.Equal(two, archive.Select(two.ConfigDigest));
        Assert.Equal(ArchiveBuilder.Sha256(ArchiveBuilder.Config(second)), two.ConfigDigest);
        Assert.Equal(DockerArchiveSource.NoRegistry, archive.Registry);
        Assert.Equal(["1.0"], await archive.ListTagsAsync("team/one", default));

        var ambiguous = Assert.Throws<InputException>(() => archive.Select(null));
        Assert.Contains("holds 2 images", ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains("@0 example.com/team/one:1.0, @1 docker.io/library/two:latest", ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains("no image named docker.io/library/three:latest", Assert.Throws<InputException>(() => archive.Select("three")).Message, StringComparison.Ordinal);
        Assert.Contains("no image @2", Assert.Throws<InputException>(() => archive.Select("@2")).Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> HostileArchives() => new()
    {
        { "traversal", "$[0].Layers[0]", "'../../../etc/passwd' names a path outside the archive" },
        { "missing", "$[0].Layers[0]", "names 'nope.tar', which is not in" },
        { "escaping-symlink", "$[0].Layers[0]", "names 'etc/passwd', which is not in" },
        { "link-loop", "$[0].Layers[0]", "goes through more than 8 links" },
        { "duplicate", "", "is stored twice (also as 'manifest.json'); refusing an ambiguous archive" },
        { "thousands-of-layers", "$[0].Layers", "has 5,000 items; the limit is 1,000" },
        { "layer-count", "$[0].Layers", "lists 2 layers but the config's rootfs.diff_ids has 1" },
        { "no-manifest", "", "has no manifest.json: not a docker save archive" },
        { "manifest-object", "$", "must be an array of images, not object" },
        { "bad-tag", "$[0].RepoTags[0]", "repository 'library/UPPER' must be lower-case" },
        { "config-digest-lie", "", "hashes to sha256:" },
        { "config-not-json", "line 1, byte 1", "is not valid JSON" },
        { "directory-as-layer", "$[0].Layers[0]", "names 'dir', which is not in" },
    };

    [Theory]
    [MemberData(nameof(HostileArchives))]
    public async Task A_hostile_archive_is_refused_with_the_file_and_the_entry_named(string shape, string field, string message)
    {
        var layer = Tar(File("var/lib/test/pkgs", "a 1\n"));
        var config = ArchiveBuilder.Config(layer);
        var builder = new ArchiveBuilder().File("config.json", config).File("layer.tar", layer);
        var layers = new[] { "layer.tar" };
        var configName = "config.json";
        var tags = new[] { "app:1" };
        switch (shape)
        {
            case "traversal": layers = ["../../../etc/passwd"]; builder.File("../../../etc/passwd", "root:x:0:0"); break;
            case "missing": layers = ["nope.tar"]; break;
            case "escaping-symlink": builder.Symlink("id/layer.tar", "../../../../etc/passwd"); layers = ["id/layer.tar"]; break;
            case "link-loop": builder.Symlink("a.tar", "b.tar").Symlink("b.tar", "a.tar"); layers = ["a.tar"]; break;
            case "thousands-of-layers": layers = [.. Enumerable.Repeat("layer.tar", 5000)]; break;
            case "layer-count": layers = ["layer.tar", "layer.tar"]; break;
            case "bad-tag": tags = ["UPPER:1"]; break;
            case "config-digest-lie": builder.File($"blobs/sha256/{new string('a', 64)}", config); configName = $"blobs/sha256/{new string('a', 64)}"; break;
            case "config-not-json": builder.Replace("config.json", [0x00, 0x01]); break;
            case "directory-as-layer": builder.Directory("dir/"); layers = ["dir"]; break;
        }

        if (shape == "manifest-object")
        {
            builder.File("manifest.json", "{}");
        }
        else if (shape != "no-manifest")
        {
            builder.Json("manifest.json", ArchiveBuilder.Manifest(configName, tags, layers));
        }

        if (shape == "duplicate")
        {
            builder.File("./x/../manifest.json", "[]");
        }

        var path = builder.Write(_dir.File($"{shape}.tar"));

        var error = await Assert.ThrowsAsync<InputException>(() => DockerArchiveSource.OpenAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        if (field.Length > 0)
        {
            Assert.Equal(field, error.Field);
        }
    }

    [Fact]
    public async Task A_truncated_archive_names_the_entry_whose_size_runs_past_the_end()
    {
        var source = SkopeoArchive();
        var bytes = await System.IO.File.ReadAllBytesAsync(source);
        var path = _dir.File("cut.tar");
        await System.IO.File.WriteAllBytesAsync(path, bytes[..4000]); // inside the first 10 KiB layer file

        var error = await Assert.ThrowsAsync<InputException>(() => DockerArchiveSource.OpenAsync(path));

        Assert.Contains($"{path} entry 769a62b72fc9549a67dc8ad781188f71e3456741745837f0f52fc83edfc93be0.tar", error.Message, StringComparison.Ordinal);
        Assert.Contains("says 10,240 bytes at offset", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated or corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_tar_a_compressed_archive_and_a_manifest_list_over_its_limit_are_refused()
    {
        var garbage = _dir.File("garbage.tar");
        await System.IO.File.WriteAllBytesAsync(garbage, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 % 251))]);
        var notTar = await Assert.ThrowsAsync<InputException>(() => DockerArchiveSource.OpenAsync(garbage));
        Assert.Equal(garbage, notTar.Source);
        Assert.StartsWith("is not a readable tar archive: ", notTar.Reason, StringComparison.Ordinal);

        var gzipped = _dir.File("payments.tar.gz");
        await System.IO.File.WriteAllBytesAsync(gzipped, Gzip(await System.IO.File.ReadAllBytesAsync(SkopeoArchive())));
        var compressed = await Assert.ThrowsAsync<InputException>(() => DockerArchiveSource.OpenAsync(gzipped));
        Assert.Equal($"{gzipped}: is gzip-compressed; decompress it first (docker save writes a plain tar, which is read in place)", compressed.Message);

        var big = await Assert.ThrowsAsync<InputException>(() => DockerArchiveSource.OpenAsync(SkopeoArchive(), new DockerArchiveLimits { MaxManifestListBytes = 100 }));
        Assert.Contains("entry manifest.json: is 506 bytes; the limit for it is 100", big.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_layer_file_that_does_not_hash_to_its_diff_id_is_refused_by_the_scan()
    {
        var claimed = Tar(File("var/lib/test/pkgs", "a 1\n"));
        var stored = Tar(File("var/lib/test/pkgs", "b 2\n"));
        var path = new ArchiveBuilder()
            .File("config.json", ArchiveBuilder.Config(claimed))
            .File("layer.tar", stored)
            .Json("manifest.json", ArchiveBuilder.Manifest("config.json", ["app:1"], "layer.tar"))
            .Write(_dir.File("lie.tar"));
        var archive = await DockerArchiveSource.OpenAsync(path);
        var image = await ImageFetcher.FetchAsync(archive, "library/app", "1", null, default);

        var error = await Assert.ThrowsAsync<InputException>(() => new ImageScanner([new ListAnalyzer()], cache: null).ScanAsync(archive, image));

        Assert.Contains("not to its descriptor's digest", error.Message, StringComparison.Ordinal);
        Assert.Contains(ArchiveBuilder.Sha256(claimed), error.Message, StringComparison.Ordinal);
    }

    private string SkopeoArchive()
    {
        var path = _dir.File("payments.tar");
        if (!System.IO.File.Exists(path))
        {
            ExternalTool.Run("skopeo", ["copy", "--quiet", $"oci:{Layout}:1.8.0", $"docker-archive:{path}:{PaymentsName}"], _dir.Path);
        }

        return path;
    }

    private static async Task<ScanResult> ScanAsync(DockerArchiveSource archive, string repository, string reference)
    {
        var image = await ImageFetcher.FetchAsync(archive, repository, reference, null, default);
        var scan = await new ImageScanner(Analyzers.All, cache: null).ScanAsync(archive, image);
        return ScanNormalizer.Build(scan, "acrcontoso.azurecr.io/payments-api", Now);
    }

    private static async Task<ScanResult> ScanLayoutAsync()
    {
        var source = new OciLayoutSource(Layout, "acrcontoso.azurecr.io", "payments-api");
        var image = await ImageFetcher.FetchAsync(source, "payments-api", "1.8.0", null, default);
        var scan = await new ImageScanner(Analyzers.All, cache: null).ScanAsync(source, image);
        return ScanNormalizer.Build(scan, "acrcontoso.azurecr.io/payments-api", Now);
    }

    private static List<(string Key, int Layer, string DiffId)> Keys(ScanResult result) =>
        [.. result.Packages.Select(p => (p.Facts.Key, p.Layer, p.LayerDiffId)).Order()];

    private static string Blob(string digest) => Path.Combine(Layout, "blobs", "sha256", digest[7..]);

    private static string BlobPath(string digest) => $"blobs/sha256/{digest[7..]}";

    /// <summary>What Docker ≥ 25 (containerd image store) saves: the blobs as pulled, index.json, and manifest.json naming blobs/sha256/… paths.</summary>
    private async Task<(string Path, ImageManifest Manifest)> Docker25ArchiveAsync(string name, Func<string, string> editIndex)
    {
        var manifest = (ImageManifest)ManifestParser.Parse(await System.IO.File.ReadAllBytesAsync(Blob(PaymentsDigest)), MediaTypes.OciManifest, "manifest");
        var builder = new ArchiveBuilder()
            .File("oci-layout", await System.IO.File.ReadAllBytesAsync(Path.Combine(Layout, "oci-layout")))
            .File("index.json", editIndex(await System.IO.File.ReadAllTextAsync(Path.Combine(Layout, "index.json"))));
        foreach (var blob in Directory.GetFiles(Path.Combine(Layout, "blobs", "sha256")).Order(StringComparer.Ordinal))
        {
            builder.File($"blobs/sha256/{Path.GetFileName(blob)}", await System.IO.File.ReadAllBytesAsync(blob));
        }

        builder.Json("manifest.json", ArchiveBuilder.Manifest(BlobPath(manifest.Config.Digest), [PaymentsName], [.. manifest.Layers.Select(l => BlobPath(l.Digest))]));
        return (builder.Write(_dir.File(name)), manifest);
    }
}
