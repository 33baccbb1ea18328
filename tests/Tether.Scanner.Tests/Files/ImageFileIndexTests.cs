using Tether.Scanner.Files;
using Tether.Scanner.Layers;
using Xunit;

namespace Tether.Scanner.Tests.Files;

public sealed class ImageFileIndexTests
{
    private static IndexedFile File(string path, LayerEntryKind kind = LayerEntryKind.File, string? target = null, string? sha = null) =>
        new(path, kind, 10, 0b111_101_101, sha, target, 0, "sha256:" + new string('a', 64));

    private static readonly Dictionary<string, IndexedFile> Files = new[]
    {
        File("bin", LayerEntryKind.Symlink, "usr/bin"),
        File("usr", LayerEntryKind.Directory),
        File("usr/bin", LayerEntryKind.Directory),
        File("usr/bin/busybox", sha: "sha256:" + new string('b', 64)),
        File("usr/bin/sh", LayerEntryKind.Symlink, "/bin/busybox"),
        File("usr/bin/ln", LayerEntryKind.Hardlink, "usr/bin/busybox"),
        File("loop", LayerEntryKind.Symlink, "loop"),
        File("escape", LayerEntryKind.Symlink, "../../../../etc/shadow"),
    }.ToDictionary(f => f.Path, StringComparer.Ordinal);

    [Theory]
    [InlineData("/bin/busybox", "usr/bin/busybox")]
    [InlineData("/usr/bin/sh", "usr/bin/busybox")]
    [InlineData("usr/./bin//busybox", "usr/bin/busybox")]
    [InlineData("/usr/bin/../bin/busybox", "usr/bin/busybox")]
    public void Symlinks_are_followed_inside_the_image(string path, string resolved)
    {
        var lookup = ImageFileIndex.Lookup(Files, path);

        Assert.Equal((FileLookupStatus.Present, resolved), (lookup.Status, lookup.Path));
        Assert.True(lookup.Matches("sha256:" + new string('B', 64)));
        Assert.False(lookup.Matches("sha256:" + new string('c', 64)));
    }

    [Fact]
    public void A_hard_link_has_its_targets_hash()
    {
        Assert.True(ImageFileIndex.Lookup(Files, "/usr/bin/ln").Matches("sha256:" + new string('b', 64)));
    }

    [Fact]
    public void A_symlink_loop_is_unknown_and_an_escaping_link_stays_in_the_root()
    {
        Assert.Equal(FileLookupStatus.Unknown, ImageFileIndex.Lookup(Files, "/loop").Status);
        var escape = ImageFileIndex.Lookup(Files, "/escape");
        Assert.Equal((FileLookupStatus.Absent, "etc"), (escape.Status, escape.Path));
    }

    [Fact]
    public void A_path_not_in_the_image_is_absent()
    {
        Assert.Equal(FileLookupStatus.Absent, ImageFileIndex.Lookup(Files, "/usr/bin/curl").Status);
        Assert.False(ImageFileIndex.Lookup(Files, "/usr/bin/curl").Matches("sha256:" + new string('b', 64)));
    }
}
