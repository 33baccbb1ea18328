using Tether.Kubernetes.Normalize;
using Xunit;

namespace Tether.Kubernetes.Tests.Normalize;

public sealed class ImageIdReferenceTests
{
    private const string Hex = "d8afe405e650f0e4b5ba1c76a22fbbca4d0deb6bd6498c3818df58b5e30f8daf";

    [Theory]
    [InlineData("docker-pullable://gcr.io/google_containers/hyperkube@sha256:" + Hex, "sha256:" + Hex, "gcr.io/google_containers/hyperkube", null)]
    [InlineData("docker.io/library/nginx@sha256:" + Hex, "sha256:" + Hex, "docker.io/library/nginx", null)]
    [InlineData("registry.example.com:5000/team/app@sha256:" + Hex, "sha256:" + Hex, "registry.example.com:5000/team/app", null)]
    [InlineData("docker://sha256:" + Hex, null, null, "sha256:" + Hex)]
    [InlineData("sha256:" + Hex, null, null, "sha256:" + Hex)]
    public void ImageID_forms_map_to_a_manifest_digest_or_a_config_id(string imageId, string? digest, string? repository, string? configId)
    {
        var parsed = ImageIdReference.Parse(imageId);

        Assert.NotNull(parsed);
        Assert.Equal(digest, parsed.ManifestDigest);
        Assert.Equal(repository, parsed.Repository);
        Assert.Equal(configId, parsed.ConfigId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("docker-pullable://redis@sha256:short")]
    [InlineData("redis:latest")]
    [InlineData("sha1:" + Hex)]
    public void Anything_else_gives_nothing(string? imageId) => Assert.Null(ImageIdReference.Parse(imageId));
}
