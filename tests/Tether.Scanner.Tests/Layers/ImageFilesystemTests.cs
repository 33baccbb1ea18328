using Tether.Scanner.Layers;
using Xunit;
using static Tether.Scanner.Tests.Layers.TestLayers;

namespace Tether.Scanner.Tests.Layers;

/// <summary>Stacking layer scans into the final filesystem, as overlayfs applies OCI changesets.</summary>
public sealed class ImageFilesystemTests
{
    private static readonly LayerScanner Scanner = new([new ListAnalyzer()]);

    [Fact]
    public async Task Upper_layers_shadow_and_delete_and_opaque_directories_hide_lower_contents()
    {
        var fs = await MergeAsync(
            Tar(File("etc/passwd", "root"), File("etc/group", "g"), File("opt/app/old.js", "1"), File("opt/app/keep/x", "1"), File("srv/data/a", "1"), File("var/log", "dir-replaced")),
            Tar(File("etc/passwd", "root\napp"), File("etc/.wh.group", ""), File("opt/app/.wh..wh..opq", ""), File("opt/app/new.js", "2"), File("srv/.wh.data", "")),
            Tar(File("srv/data/b", "re-created after the whiteout")));

        Assert.Equal(
            [("etc/passwd", 1), ("opt/app/new.js", 1), ("srv/data/b", 2), ("var/log", 0)],
            fs.Entries.Select(e => (e.Entry.Path, e.Layer)));
    }

    [Fact]
    public async Task A_file_replacing_a_directory_hides_what_was_under_it()
    {
        var fs = await MergeAsync(Tar(Dir("opt/tool/"), File("opt/tool/bin", "x")), Tar(File("opt/tool", "now a file")));

        Assert.Equal([("opt/tool", 1)], fs.Entries.Select(e => (e.Entry.Path, e.Layer)));
    }

    [Fact]
    public async Task A_package_is_attributed_to_the_layer_that_installed_it_even_when_a_later_layer_rewrote_the_database()
    {
        var fs = await MergeAsync(
            Tar(File("var/lib/test/pkgs", "base-files 12\nlibssl3 3.0.11\n")),
            Tar(File("etc/app.conf", "x")),
            Tar(File("var/lib/test/pkgs", "base-files 12\nlibssl3 3.0.14\ncurl 8.5\n")),
            Tar(File("var/lib/test/pkgs", "base-files 12\nlibssl3 3.0.14\ncurl 8.5\njq 1.6\n")));

        Assert.Equal(
            [("base-files", 0, 3), ("libssl3", 2, 3), ("curl", 2, 3), ("jq", 3, 3)],
            fs.Packages.Select(p => (p.Package.Name, p.IntroducedIn, p.FoundIn)));
    }

    [Fact]
    public async Task A_deleted_package_database_contributes_nothing()
    {
        var fs = await MergeAsync(Tar(File("var/lib/test/pkgs", "a 1\n")), Tar(File("var/lib/test/.wh.pkgs", "")));

        Assert.Empty(fs.Packages);
        Assert.Empty(fs.Entries);
    }

    [Fact]
    public async Task The_os_release_is_read_through_its_symlink_inside_the_root()
    {
        var fs = await MergeAsync(
            Tar(File("usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n"), Link("etc/os-release", "../usr/lib/os-release"), File("etc/debian_version", "12.8\n")),
            Tar(Link("etc/alpine-release", "../../../../../../etc/debian_version")));

        Assert.Equal("ID=debian\nVERSION_ID=\"12\"\n", System.Text.Encoding.UTF8.GetString(fs.MetadataFiles["etc/os-release"]));
        Assert.Equal(fs.MetadataFiles["usr/lib/os-release"], fs.MetadataFiles["etc/os-release"]);

        // A link climbing above the root is clamped to it, as a container runtime resolves it: it stays in the image.
        Assert.Equal("12.8\n", System.Text.Encoding.UTF8.GetString(fs.MetadataFiles["etc/alpine-release"]));
    }

    [Fact]
    public async Task Symlink_loops_end_without_content()
    {
        var fs = await MergeAsync(Tar(Link("etc/os-release", "lsb-release"), Link("etc/lsb-release", "os-release")));

        Assert.False(fs.MetadataFiles.ContainsKey("etc/os-release"));
    }

    private static async Task<ImageFilesystem> MergeAsync(params byte[][] layers)
    {
        var scans = new List<LayerScan>();
        foreach (var layer in layers)
        {
            scans.Add(await Scanner.ScanAsync(new MemoryStream(layer), "layer"));
        }

        return ImageFilesystem.Merge(scans);
    }
}
