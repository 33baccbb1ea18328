using System.Text;
using Tether.Core.Errors;
using Tether.Pipeline.CiReport.Parse;
using Xunit;

namespace Tether.Pipeline.Tests.CiReport;

public sealed class BuildxMetadataTests
{
    private const string IndexDigest = "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7";
    private const string ConfigDigest = "sha256:2937f66a9722f7f4a2df583de2f8cb97fc9196059a410e7f00072fc918930e66";

    // The shape `docker buildx build --metadata-file` documents (values as buildx writes them).
    private static readonly string Build = $$"""
        {
          "buildx.build.ref": "mybuilder/mybuilder0/0fjb6ubs52xx3vygf6fgdl611",
          "containerimage.config.digest": "{{ConfigDigest}}",
          "containerimage.descriptor": {
            "annotations": { "config.digest": "{{ConfigDigest}}", "org.opencontainers.image.created": "2022-02-08T21:28:03Z" },
            "digest": "{{IndexDigest}}",
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "size": 506
          },
          "containerimage.digest": "{{IndexDigest}}",
          "image.name": "ghcr.io/acme/web:1.4.2,ghcr.io/acme/web:latest,acme/web:1.4.2"
        }
        """;

    [Fact]
    public void A_build_result_gives_the_digest_descriptor_and_every_pushed_name()
    {
        var image = Assert.Single(BuildxMetadata.Parse(Encoding.UTF8.GetBytes(Build), "metadata.json"));

        Assert.Equal(IndexDigest, image.Digest);
        Assert.Equal("application/vnd.oci.image.index.v1+json", image.MediaType);
        Assert.Equal(506, image.Size);
        Assert.Equal(ConfigDigest, image.ConfigDigest);
        Assert.Equal(["ghcr.io/acme/web:1.4.2", "ghcr.io/acme/web:latest", "docker.io/acme/web:1.4.2"], image.Names);
        Assert.Null(image.Target);
    }

    [Fact]
    public void Bake_metadata_gives_one_image_per_pushed_target_and_skips_the_rest()
    {
        var bake = $$"""
            {
              "buildx.build.warnings": [],
              "db": { "buildx.build.ref": "b/b0/1", "containerimage.digest": "sha256:{{new string('d', 64)}}", "image.name": "registry.example.com/db:16" },
              "webapp-dev": {{Build}},
              "loaded-only": { "buildx.build.ref": "b/b0/3" }
            }
            """;

        var images = BuildxMetadata.Parse(Encoding.UTF8.GetBytes(bake), "bake.json");

        Assert.Equal(["db", "webapp-dev"], images.Select(i => i.Target));
        Assert.Equal(["registry.example.com/db:16"], images[0].Names);
        Assert.Equal(IndexDigest, images[1].Digest);
    }

    [Fact]
    public void Push_by_digest_names_keep_no_tag()
    {
        var json = $$"""{ "containerimage.digest": "{{IndexDigest}}", "image.name": "ghcr.io/acme/web" }""";
        Assert.Equal(["ghcr.io/acme/web"], Assert.Single(BuildxMetadata.Parse(Encoding.UTF8.GetBytes(json), "m.json")).Names);
    }

    [Theory]
    [InlineData("""{ "containerimage.digest": "sha256:abc" }""", "$.containerimage.digest")]
    [InlineData("""{ "containerimage.digest": 42 }""", "$.containerimage.digest")]
    [InlineData("""{ "buildx.build.ref": "b/b0/1" }""", "containerimage.digest")]
    [InlineData("""{ "containerimage.digest": "sha256:0000000000000000000000000000000000000000000000000000000000000000", "image.name": "UPPER/case:1" }""", "$.image.name")]
    [InlineData("""[1, 2]""", "$")]
    [InlineData("""{ "containerimage.digest": "sha256:""", "line 1, byte 36")]
    public void Malformed_metadata_fails_naming_the_field(string json, string field)
    {
        var error = Assert.Throws<InputException>(() => BuildxMetadata.Parse(Encoding.UTF8.GetBytes(json), "metadata.json"));
        Assert.Equal("metadata.json", error.Source);
        Assert.Equal(field, error.Field);
    }
}
