using System.Text;
using Tether.Core.Errors;
using Tether.Registry.Parse;
using Tether.Registry.Tests.Infrastructure;
using Xunit;

namespace Tether.Registry.Tests.Parse;

public sealed class ImageConfigParserTests
{
    [Fact]
    public void A_buildkit_config_gives_platform_labels_history_and_diff_ids()
    {
        var config = ImageConfigParser.Parse(File.ReadAllBytes(TestRepoV1.Blob(TestRepoV1.Amd64Config)), "config");

        Assert.Equal(new Platform("linux", "amd64"), config.Platform);
        Assert.Equal(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), config.Created);
        Assert.Equal("arg_for_label", config.Label("arg_label"));
        Assert.Equal(["COPY base-a.txt /base.txt # buildkit", "COPY layer1.txt /layer1 # buildkit"], config.History.Where(h => !h.EmptyLayer).Select(h => h.CreatedBy));
        Assert.Equal(6, config.History.Count(h => h.EmptyLayer));
        Assert.Equal(2, config.DiffIds.Count);
    }

    [Fact]
    public void An_arm_variant_is_part_of_the_platform()
    {
        var config = ImageConfigParser.Parse(Encoding.UTF8.GetBytes("""{"os":"linux","architecture":"arm","variant":"v7","created":"0001-01-01T00:00:00Z"}"""), "config");

        Assert.Equal("linux/arm/v7", config.Platform!.ToString());
        Assert.Null(config.Created); // Go's zero time means "unknown"
        Assert.Null(config.Labels);
        Assert.Empty(config.History);
    }

    [Theory]
    [InlineData("""{"created":"yesterday"}""", "$.created", "is not an RFC 3339 time")]
    [InlineData("""{"config":{"Labels":{"a":["b"]}}}""", "$.config.Labels.a", "must be a string")]
    [InlineData("""{"config":"none"}""", "$.config", "must be an object")]
    [InlineData("""{"history":[{"empty_layer":"yes"}]}""", "$.history[0].empty_layer", "must be true or false")]
    [InlineData("""{"history":[7]}""", "$.history[0]", "must be an object")]
    [InlineData("""{"rootfs":{"diff_ids":["sha256:zz"]}}""", "$.rootfs.diff_ids[0]", "is not a digest")]
    public void Malformed_configs_are_input_errors_naming_the_field(string json, string field, string message)
    {
        var error = Assert.Throws<InputException>(() => ImageConfigParser.Parse(Encoding.UTF8.GetBytes(json), "reg/app@sha256:c0"));

        Assert.Equal(("reg/app@sha256:c0", field), (error.Source, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
