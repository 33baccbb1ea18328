using Tether.Core.Model;
using Tether.Scanner.Attribute;
using Xunit;

namespace Tether.Scanner.Tests.Attribute;

public sealed class BaseImageDetectorTests
{
    private static readonly string[] Layers = [Diff('a'), Diff('b'), Diff('c'), Diff('d')];

    private static string Diff(char c) => "sha256:" + new string(c, 64);

    private static ImageFacts App(IReadOnlyDictionary<string, string>? annotations = null, IReadOnlyDictionary<string, string>? labels = null) =>
        new(Diff('f')) { DiffIds = Layers, Annotations = annotations, Labels = labels, History = [.. Layers.Select((_, i) => new ImageHistoryEntry(i < 2 ? $"base step {i}" : i == 2 ? "RUN /bin/sh -c npm ci # buildkit" : "COPY . /app # buildkit", false, null, null))] };

    private static readonly DockerfileFacts Dockerfile = new("github.com/acme/web", new string('1', 40), "Dockerfile")
    {
        Stages = [new DockerfileFrom(1, "node:20-bookworm-slim", null, null)],
        Instructions = [new DockerfileInstruction(1, "FROM", "FROM node:20-bookworm-slim"), new DockerfileInstruction(2, "RUN", "RUN npm ci"), new DockerfileInstruction(3, "COPY", "COPY . /app")],
        BaseImage = "node:20-bookworm-slim",
    };

    [Fact]
    public void The_longest_stored_image_whose_layers_are_a_strict_prefix_is_the_base()
    {
        StoredImage[] candidates =
        [
            new(Diff('1'), Layers[..1], ["docker.io/library/debian"]),
            new(Diff('2'), Layers[..2], ["docker.io/library/node"]),
            new(Diff('3'), [Layers[0], Diff('x')], null),       // shares the first layer only
            new(Diff('4'), Layers, null),                        // same layers: not a strict prefix
            new(Diff('f'), Layers[..3], null),                   // the image itself
        ];

        var found = BaseImageDetector.Detect(App(), candidates, null);

        Assert.Equal(new BaseImageInfo("docker.io/library/node", Diff('2'), 2, BaseImageMethods.LayerMatch, 0.95), found);
    }

    [Fact]
    public void An_annotated_base_digest_that_is_stored_decides_with_full_confidence()
    {
        var annotations = new Dictionary<string, string> { [BaseImageDetector.BaseDigestKey] = Diff('1'), [BaseImageDetector.BaseNameKey] = "docker.io/library/debian:12" };

        var found = BaseImageDetector.Detect(App(annotations), [new StoredImage(Diff('1'), Layers[..1], null)], null);

        Assert.Equal(new BaseImageInfo("docker.io/library/debian:12", Diff('1'), 1, BaseImageMethods.Annotation, 1.0), found);
    }

    [Fact]
    public void A_base_label_alone_names_the_base_without_deciding_its_layers()
    {
        var labels = new Dictionary<string, string> { [BaseImageDetector.BaseNameKey] = "docker.io/library/debian:12", [BaseImageDetector.BaseDigestKey] = "not-a-digest" };

        var found = BaseImageDetector.Detect(App(labels: labels), [], null);

        Assert.Equal(new BaseImageInfo("docker.io/library/debian:12", null, null, BaseImageMethods.Annotation, 0.9), found);
    }

    [Fact]
    public void The_Dockerfile_final_FROM_takes_the_layers_below_its_first_own_instruction()
    {
        var found = BaseImageDetector.Detect(App(), [], Dockerfile);

        Assert.Equal(new BaseImageInfo("node:20-bookworm-slim", null, 2, BaseImageMethods.DockerfileFrom, 0.75), found);
    }

    [Fact]
    public void Nothing_known_means_no_base()
    {
        Assert.Null(BaseImageDetector.Detect(App(), [new StoredImage(Diff('3'), [Layers[0], Diff('x')], null)], null));
    }

    [Fact]
    public void Each_layer_gets_its_base_membership_and_Dockerfile_line()
    {
        var app = App();
        var baseImage = new BaseImageInfo("node", Diff('2'), 2, BaseImageMethods.LayerMatch, 0.95);

        var attribution = ImageAttribution.Of(app, [.. app.History!.Select(h => h.CreatedBy)], baseImage, Dockerfile);

        Assert.Equal([true, true, false, false], attribution.Layers.Select(l => l.FromBaseImage));
        Assert.Equal([1, 1, 2, 3], attribution.Layers.Select(l => l.Dockerfile!.Line));
        Assert.Equal(["FROM node:20-bookworm-slim", "FROM node:20-bookworm-slim", "RUN npm ci", "COPY . /app"], attribution.Layers.Select(l => l.Dockerfile!.Instruction));
        Assert.Equal([BaseImageMethods.LayerMatch, BaseImageMethods.LayerMatch, "layer-history-match", "layer-history-match"], attribution.Layers.Select(l => l.Dockerfile!.Attribution));
    }
}
