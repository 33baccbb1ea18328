using Tether.Core.Identity;
using Xunit;

namespace Tether.Core.Tests.Identity;

public sealed class ImageNameTests
{
    [Theory]
    [InlineData("nginx", "docker.io", "library/nginx", null, null)]
    [InlineData("nginx:1.25", "docker.io", "library/nginx", "1.25", null)]
    [InlineData("bitnami/redis:7", "docker.io", "bitnami/redis", "7", null)]
    [InlineData("index.docker.io/library/alpine:3.19", "docker.io", "library/alpine", "3.19", null)]
    [InlineData("localhost:5000/team/app:v1", "localhost:5000", "team/app", "v1", null)]
    [InlineData("localhost/app", "localhost", "app", null, null)]
    [InlineData("acrdevsecopsws3.azurecr.io/supply-chain-demo:latest", "acrdevsecopsws3.azurecr.io", "supply-chain-demo", "latest", null)]
    [InlineData("gcr.io/kakaraparthy-devel/nginx@sha256:7d3cb1d2b1f0e7a3c2b9c8e0a3f4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2", "gcr.io", "kakaraparthy-devel/nginx", null, "sha256:7d3cb1d2b1f0e7a3c2b9c8e0a3f4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2")]
    [InlineData("ghcr.io/org/app:1.2@sha256:7D3CB1D2B1F0E7A3C2B9C8E0A3F4B5C6D7E8F9A0B1C2D3E4F5A6B7C8D9E0F1A2", "ghcr.io", "org/app", "1.2", "sha256:7d3cb1d2b1f0e7a3c2b9c8e0a3f4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2")]
    [InlineData("127.0.0.1:5000/x/y/z:tag_1.0-rc", "127.0.0.1:5000", "x/y/z", "tag_1.0-rc", null)]
    public void References_normalize_as_docker_does(string text, string registry, string repository, string? tag, string? digest)
    {
        var name = ImageName.Parse(text);
        Assert.Equal(new ImageName(registry, repository, tag, digest), name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("UPPER/case")]
    [InlineData("app@sha256:123")]
    [InlineData("app:bad tag")]
    [InlineData("app:-tag")]
    [InlineData("registry.io//double")]
    [InlineData("app@md5:d41d8cd98f00b204e9800998ecf8427e")]
    public void Malformed_references_are_rejected_with_a_reason(string text)
    {
        Assert.False(ImageName.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
