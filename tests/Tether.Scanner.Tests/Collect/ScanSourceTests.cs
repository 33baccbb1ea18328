using Tether.Core.Errors;
using Tether.Scanner.Collect;
using Xunit;

namespace Tether.Scanner.Tests.Collect;

public sealed class ScanSourceTests
{
    private const string Digest = "sha256:87e8b3b9d55f017a21acace182aead00b05ab9281dd83cb2c07f5a62d0610a10";

    public static TheoryData<string, string> Sources() => new()
    {
        // Registry references, normalized as Docker does.
        { "nginx", "registry docker.io/library/nginx" },
        { "ghcr.io/org/app:1.2", "registry ghcr.io/org/app:1.2" },
        { "localhost:5000/app", "registry localhost:5000/app" },
        { "127.0.0.1:5000/team/app:v1@" + Digest, $"registry 127.0.0.1:5000/team/app:v1@{Digest}" },
        { "docker://dir:5000/app", "registry dir:5000/app" },

        // OCI layouts: a tag or digest after the first colon that makes one, else the whole text is the directory.
        { "oci:/data/layout", "oci /data/layout" },
        { "oci:/data/layout:1.8.0", "oci /data/layout @ 1.8.0" },
        { "oci:layout:" + Digest, $"oci layout @ {Digest}" },
        { "oci:/tmp/a:b/layout", "oci /tmp/a:b/layout" },
        { "oci:/tmp/a:b/layout:v2", "oci /tmp/a:b/layout @ v2" },
        { "oci:/tmp/with:colon:", "oci /tmp/with:colon" },
        { "oci:/tmp/a:b:c", "oci /tmp/a:b @ c" },

        // docker save archives: a name (with its own colons and slashes), @N or a digest.
        { "docker-archive:p.tar", "archive p.tar" },
        { "docker-archive:/tmp/p.tar:acrcontoso.azurecr.io/payments-api:1.8.0", "archive /tmp/p.tar @ acrcontoso.azurecr.io/payments-api:1.8.0" },
        { "docker-archive:/tmp/p.tar:localhost:5000/app:1", "archive /tmp/p.tar @ localhost:5000/app:1" },
        { "docker-archive:p.tar:@1", "archive p.tar @ @1" },
        { "docker-archive:p.tar:" + Digest, $"archive p.tar @ {Digest}" },
        { "docker-archive:/tmp/a:B/p.tar:app:1", "archive /tmp/a:B/p.tar @ app:1" },
        { "docker-archive:/tmp/my:file.tar:", "archive /tmp/my:file.tar" },

        // Root filesystems: everything after dir: is the path, colons included.
        { "dir:/srv/rootfs", "dir /srv/rootfs" },
        { "dir:./a:b", "dir ./a:b" },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void A_source_argument_parses_to_its_kind_path_and_reference(string text, string expected)
    {
        Assert.Equal(expected, Describe(ScanSource.Parse(text)));
    }

    [Fact]
    public void A_probe_of_existing_paths_settles_a_colon_that_could_start_a_reference()
    {
        var existing = new HashSet<string> { "/tmp/a:b", "/tmp/my:file.tar" };

        Assert.Equal("oci /tmp/a @ b", Describe(ScanSource.Parse("oci:/tmp/a:b")));
        Assert.Equal("oci /tmp/a:b", Describe(ScanSource.Parse("oci:/tmp/a:b", existing.Contains)));
        Assert.Equal("archive /tmp/my:file.tar", Describe(ScanSource.Parse("docker-archive:/tmp/my:file.tar", existing.Contains)));
        Assert.Equal("archive /tmp/my @ file.tar", Describe(ScanSource.Parse("docker-archive:/tmp/my:file.tar")));

        // Nothing exists: the first reading stays, and opening it will say the path is missing.
        Assert.Equal("oci /data/x @ v1", Describe(ScanSource.Parse("oci:/data/x:v1", _ => false)));
    }

    [Theory]
    [InlineData("", "no source given")]
    [InlineData("dir:", "dir: needs a path")]
    [InlineData("oci:", "oci: needs a directory")]
    [InlineData("oci::", "oci: needs a directory")]
    [InlineData("docker-archive:", "docker-archive: needs a file")]
    [InlineData("oci-archive:image.tar", "oci-archive sources are not read by Tether; copy the image into a layout first")]
    [InlineData("docker-daemon:app:1", "docker-daemon sources are not read by Tether")]
    [InlineData("Upper/Case:1", "not an image reference, oci:DIR[:REF], docker-archive:FILE[:REF] or dir:PATH")]
    [InlineData("app@sha256:123", "not an image reference")]
    public void What_is_not_a_source_is_refused_saying_what_is_accepted(string text, string message)
    {
        var error = Assert.Throws<InputException>(() => ScanSource.Parse(text));

        Assert.Contains(message, error.Reason, StringComparison.Ordinal);
    }

    private static string Describe(ScanSource source) => source switch
    {
        ScanSource.RegistryImage r => $"registry {r.Name}",
        ScanSource.OciLayout o => o.Reference is null ? $"oci {o.Directory}" : $"oci {o.Directory} @ {o.Reference}",
        ScanSource.DockerArchive a => a.Reference is null ? $"archive {a.File}" : $"archive {a.File} @ {a.Reference}",
        ScanSource.RootFilesystem d => $"dir {d.Directory}",
        _ => throw new InvalidOperationException(),
    };
}
