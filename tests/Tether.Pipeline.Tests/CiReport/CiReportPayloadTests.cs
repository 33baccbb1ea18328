using System.Text;
using System.Text.Json.Nodes;
using Tether.Core.Errors;
using Tether.Pipeline.CiReport;
using Tether.Pipeline.CiReport.Payload;
using Xunit;

namespace Tether.Pipeline.Tests.CiReport;

public sealed class CiReportPayloadTests
{
    internal static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);

    internal static CiReportInputs GitHubInputs() => new()
    {
        Environment = CiFixtures.GitHubEnvironment(),
        GitHubEvent = CiFixtures.GitHubEvent(),
        ImageArguments = [$"ghcr.io/docker/test-docker-action:master@{CiFixtures.Digest}"],
        Dockerfile = new InputFile("build/Dockerfile", "ARG NODE=20\nFROM node:${NODE}-alpine AS deps\nRUN npm ci\nFROM deps\nCOPY . .\n"u8.ToArray()),
        Context = ".",
        Generator = "tether test",
    };

    [Fact]
    public void The_payload_carries_the_schema_the_run_the_commit_the_images_and_the_dockerfile()
    {
        var payload = CiReportBuilder.Build(GitHubInputs(), Now);
        var json = JsonNode.Parse(CiReportJson.Serialize(payload))!;

        Assert.Equal("https://tether.dev/ci-report/v1", (string?)json["schema"]);
        Assert.Equal("github-actions", (string?)json["run"]!["system"]);
        Assert.Equal("18774637729", (string?)json["run"]!["runId"]);
        Assert.Equal(1, (int?)json["run"]!["attempt"]);
        Assert.Equal("42f57536c4a55a4723772a03ead9da2940abb3d6", (string?)json["commit"]!["sha"]);
        Assert.Equal("CrazyMax", (string?)json["commit"]!["authorName"]);
        Assert.Equal(CiFixtures.Digest, (string?)json["images"]![0]!["digest"]);
        Assert.Equal("ghcr.io/docker/test-docker-action:master", (string?)json["images"]![0]!["names"]![0]);
        Assert.Equal("build/Dockerfile", (string?)json["dockerfile"]!["path"]);
        Assert.Equal("node:20-alpine", (string?)json["dockerfile"]!["baseImage"]);
        Assert.Equal(4, (int?)json["dockerfile"]!["stages"]![1]!["line"]);
        Assert.StartsWith("sha256:", (string?)json["dockerfile"]!["contentDigest"], StringComparison.Ordinal);
        Assert.Null(json["dockerfile"]!["content"]);
    }

    [Fact]
    public void A_payload_reads_back_equal_to_what_was_written()
    {
        var payload = CiReportBuilder.Build(GitHubInputs(), Now);
        var read = CiReportJson.Read(CiReportJson.Serialize(payload), "p.json");

        Assert.Equal(payload.Run with { Runner = null }, read.Run with { Runner = null });
        Assert.Equal(payload.Run.Runner, read.Run.Runner);
        Assert.Equal(payload.Commit, read.Commit);
        Assert.Equal(payload.Images[0].Names, read.Images[0].Names);
        Assert.Equal(payload.Dockerfile!.Instructions, read.Dockerfile!.Instructions);
    }

    [Fact]
    public void The_same_digest_from_image_and_metadata_is_one_image_with_all_names()
    {
        var inputs = GitHubInputs() with
        {
            MetadataFiles = [new InputFile("m.json", Encoding.UTF8.GetBytes($$"""{"containerimage.digest":"{{CiFixtures.Digest}}","image.name":"ghcr.io/docker/test-docker-action:sha-42f5753"}"""))],
        };

        var image = Assert.Single(CiReportBuilder.Build(inputs, Now).Images);
        Assert.Equal(["ghcr.io/docker/test-docker-action:master", "ghcr.io/docker/test-docker-action:sha-42f5753"], image.Names);
    }

    [Fact]
    public void Outside_a_supported_CI_the_report_is_refused()
    {
        var error = Assert.Throws<InputException>(() => CiReportBuilder.Build(new CiReportInputs { Environment = new Dictionary<string, string> { ["CI"] = "true" } }, Now));
        Assert.Equal("environment", error.Source);
        Assert.Contains("GITHUB_ACTIONS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_argument_without_digest_is_refused()
    {
        var error = Assert.Throws<InputException>(() => CiReportBuilder.Build(GitHubInputs() with { ImageArguments = ["ghcr.io/a/b:latest"] }, Now));
        Assert.Equal("--image", error.Source);
    }

    [Theory]
    [InlineData("schema", "\"https://tether.dev/ci-report/v2\"", "$.schema")]
    [InlineData("run.system", "\"jenkins\"", "$.run.system")]
    [InlineData("run.runId", "\"12; DROP\"", "$.run.runId")]
    [InlineData("run.attempt", "0", "$.run.attempt")]
    [InlineData("run.attempt", "\"one\"", "$.run.attempt")]
    [InlineData("run.project", "\"no-slash\"", "$.run.project")]
    [InlineData("commit.sha", "\"42f5753\"", "$.commit.sha")]
    [InlineData("run.url", "\"javascript:alert(1)\"", "$.run.url")]
    [InlineData("images", "[{\"digest\":\"latest\"}]", "$.images[0].digest")]
    [InlineData("images", "[{\"digest\":\"sha256:4f6e8bd8a9c2c9ff1a5c6d2b0e3a8f7c1d9e5b3a2c4f6e8d0b1a3c5e7f9d2b4a\",\"names\":[\"Not A Ref\"]}]", "$.images[0].names[0]")]
    [InlineData("dockerfile.contentDigest", "\"md5:abc\"", "$.dockerfile.contentDigest")]
    [InlineData("dockerfile.instructions", "[{\"line\":0,\"keyword\":\"RUN\",\"text\":\"x\"}]", "$.dockerfile.instructions[0]")]
    public void A_payload_with_a_wrong_field_is_refused_naming_it(string path, string valueJson, string field)
    {
        var json = JsonNode.Parse(CiReportJson.Serialize(CiReportBuilder.Build(GitHubInputs(), Now)))!;
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(json, (node, part) => node[part]!);
        parent[parts[^1]] = JsonNode.Parse(valueJson);

        var error = Assert.Throws<InputException>(() => CiReportJson.Read(Encoding.UTF8.GetBytes(json.ToJsonString()), "report.json"));
        Assert.Equal("report.json", error.Source);
        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"schema\":\"https://tether.dev/ci-report/v1\",\"run\":")]
    [InlineData("[]")]
    [InlineData("{\"schema\":\"https://tether.dev/ci-report/v1\"}")]
    public void Truncated_or_empty_payloads_are_refused(string text)
    {
        var error = Assert.Throws<InputException>(() => CiReportJson.Read(Encoding.UTF8.GetBytes(text), "report.json"));
        Assert.Equal("report.json", error.Source);
    }

    [Fact]
    public void Deeply_nested_payloads_are_refused_without_recursing_into_them()
    {
        var deep = "{\"schema\":\"https://tether.dev/ci-report/v1\",\"x\":" + new string('[', 5000) + new string(']', 5000) + "}";
        Assert.Throws<InputException>(() => CiReportJson.Read(Encoding.UTF8.GetBytes(deep), "deep.json"));
    }
}
