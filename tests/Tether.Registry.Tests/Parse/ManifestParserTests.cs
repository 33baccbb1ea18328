using System.Text;
using Tether.Core.Errors;
using Tether.Registry.Parse;
using Tether.Registry.Tests.Infrastructure;
using Xunit;

namespace Tether.Registry.Tests.Parse;

public sealed class ManifestParserTests
{
    private static byte[] Blob(string digest) => File.ReadAllBytes(TestRepoV1.Blob(digest));

    [Fact]
    public void An_index_lists_platforms_and_buildkit_reference_annotations()
    {
        var index = Assert.IsType<ImageIndex>(ManifestParser.Parse(Blob(TestRepoV1.Index), MediaTypes.OciIndex, "testrepo:v1"));

        Assert.Equal(4, index.Manifests.Count);
        Assert.Equal(new Platform("linux", "amd64"), index.Manifests[0].Platform);
        Assert.Equal((TestRepoV1.Amd64, 556L), (index.Manifests[0].Digest, index.Manifests[0].Size));
        Assert.True(index.Manifests[2].Platform!.IsUnknown);
        Assert.Equal("builder", index.Manifests[2].Annotation("vnd.docker.reference.type"));
        Assert.Equal(TestRepoV1.Amd64, index.Manifests[2].Annotation("vnd.docker.reference.digest"));
        Assert.Equal("v1", index.Annotations!["org.example.version"]);
    }

    [Fact]
    public void A_manifest_has_its_config_and_layers()
    {
        var manifest = Assert.IsType<ImageManifest>(ManifestParser.Parse(Blob(TestRepoV1.Amd64), MediaTypes.OciManifest, "testrepo@amd64"));

        Assert.True(manifest.IsImage);
        Assert.Equal(new Descriptor(MediaTypes.OciImageConfig, TestRepoV1.Amd64Config, 1418), manifest.Config);
        Assert.Equal([106L, 103L], manifest.Layers.Select(l => l.Size));
    }

    [Fact]
    public void An_artifact_manifest_is_not_an_image()
    {
        var manifest = Assert.IsType<ImageManifest>(ManifestParser.Parse(
            Blob("sha256:0484e93c23cddf24a8400547119558312023295af241d4cd1eaf1b27145c5026"), MediaTypes.OciManifest, "testrepo:a1"));

        Assert.False(manifest.IsImage);
        Assert.Equal("application/example.sbom", manifest.ArtifactType);
        Assert.Equal("sha256:dfae8f425735a5e3a72e40d6609e03079995511d48157c74d54801ff4430491e", manifest.Subject!.Digest);
    }

    [Theory]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""", MediaTypes.OciIndex)]
    [InlineData("""{"schemaVersion":2,"config":{},"layers":[]}""", MediaTypes.OciManifest)]
    [InlineData("""{"schemaVersion":2,"manifests":[]}""", MediaTypes.OciIndex)]
    [InlineData("""{"schemaVersion":1,"name":"x","fsLayers":[]}""", MediaTypes.DockerSchema1)]
    [InlineData("""[1,2]""", null)]
    [InlineData("""{"schemaVersion":2,""", null)]
    public void A_media_type_is_detected_from_the_document_when_the_transport_gives_none(string json, string? expected) =>
        Assert.Equal(expected, ManifestParser.DetectMediaType(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("", MediaTypes.OciManifest, null, "is empty")]
    [InlineData("""{"schemaVersion":2,"config":""", MediaTypes.OciManifest, "line 1", "is not valid JSON")]
    [InlineData("""[]""", MediaTypes.OciManifest, "$", "must be an object")]
    [InlineData("""{"config":{}}""", MediaTypes.OciManifest, "$.schemaVersion", "is required")]
    [InlineData("""{"schemaVersion":1}""", MediaTypes.OciManifest, "$.schemaVersion", "only schema version 2")]
    [InlineData("""{"schemaVersion":"2"}""", MediaTypes.OciManifest, "$.schemaVersion", "must be an integer")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","config":{}}""", MediaTypes.OciManifest, "$.mediaType", "but the content was served as")]
    [InlineData("""{"schemaVersion":2}""", MediaTypes.OciManifest, "$.config", "is required")]
    [InlineData("""{"schemaVersion":2,"config":{"mediaType":"x","size":1}}""", MediaTypes.OciManifest, "$.config.digest", "is required")]
    [InlineData("""{"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:abc","size":1}}""", MediaTypes.OciManifest, "$.config.digest", "is not a digest")]
    [InlineData("""{"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":-5}}""", MediaTypes.OciManifest, "$.config.size", "cannot be negative")]
    [InlineData("""{"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1},"layers":{}}""", MediaTypes.OciManifest, "$.layers", "must be an array")]
    [InlineData("""{"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1,"platform":{"os":"linux"}}]}""", MediaTypes.OciIndex, "$.manifests[0].platform.architecture", "is required")]
    [InlineData("""{"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1,"annotations":{"a":1}}]}""", MediaTypes.OciIndex, "$.manifests[0].annotations.a", "must be a string")]
    [InlineData("""{"schemaVersion":2,"manifests":"all"}""", MediaTypes.OciIndex, "$.manifests", "must be an array")]
    [InlineData("""{"schemaVersion":2}""", MediaTypes.DockerSchema1, "mediaType", "is not a supported manifest type")]
    public void Malformed_manifests_are_input_errors_naming_the_reference_and_field(string json, string mediaType, string? field, string message)
    {
        var error = Assert.Throws<InputException>(() => ManifestParser.Parse(Encoding.UTF8.GetBytes(json), mediaType, "reg.example/app:v1"));

        Assert.Equal("reg.example/app:v1", error.Source);
        if (field is not null)
        {
            Assert.StartsWith(field, error.Field, StringComparison.Ordinal);
        }

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_or_oversized_manifests_are_refused_without_crashing()
    {
        var deep = Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000));
        var big = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"pad":" """ + new string('x', 5 * 1024 * 1024) + "\"}");

        Assert.Contains("not valid JSON", Assert.Throws<InputException>(() => ManifestParser.Parse(deep, MediaTypes.OciManifest, "deep")).Message, StringComparison.Ordinal);
        Assert.Contains("over the 4194304-byte limit", Assert.Throws<InputException>(() => ManifestParser.Parse(big, MediaTypes.OciManifest, "big")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_with_too_many_entries_is_refused()
    {
        var entry = """{"mediaType":"x","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1}""";
        var json = """{"schemaVersion":2,"manifests":[""" + string.Join(",", Enumerable.Repeat(entry, ManifestParser.MaxDescriptors + 1)) + "]}";

        var error = Assert.Throws<InputException>(() => ManifestParser.Parse(Encoding.UTF8.GetBytes(json), MediaTypes.OciIndex, "huge"));

        Assert.Equal("$.manifests", error.Field);
        Assert.Contains("limit is 10000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_real_manifest_is_an_input_error()
    {
        var bytes = Blob(TestRepoV1.Index);
        for (var length = 0; length < bytes.Length; length += 7)
        {
            Assert.Throws<InputException>(() => ManifestParser.Parse(bytes.AsMemory(0, length), MediaTypes.OciIndex, "cut"));
        }
    }
}
