using System.Text;
using Tether.Core.Errors;
using Tether.Pipeline.Dockerfiles;
using Tether.Testing;
using Xunit;

namespace Tether.Pipeline.Tests.Dockerfiles;

public sealed class DockerfileParserTests
{
    private static ParsedDockerfile Parse(string text, IReadOnlyDictionary<string, string>? args = null) =>
        DockerfileParser.Parse(Encoding.UTF8.GetBytes(text), "Dockerfile", args);

    [Fact]
    public void The_real_regclient_Dockerfile_gives_every_instruction_with_its_line()
    {
        var parsed = DockerfileParser.Parse(File.ReadAllBytes(TestData.Shared("oci", "Dockerfile.v1")), "Dockerfile.v1");

        Assert.Equal(
            ["FROM", "COPY", "ARG", "ARG", "LABEL", "LABEL", "VOLUME"],
            parsed.Instructions.Select(i => i.Keyword));
        Assert.Equal("testrepo:b1", parsed.BaseImage);
        Assert.Equal("COPY layer1.txt /layer1", parsed.Instructions[1].Text);
        Assert.Equal([2, 4, 5, 6, 7, 8, 9], parsed.Instructions.Select(i => i.Line));
        Assert.Equal("docker/dockerfile:1.4", parsed.Syntax);
    }

    [Fact]
    public void Continuations_join_lines_and_skip_comments_inside_them_keeping_the_first_line_number()
    {
        var parsed = Parse("FROM alpine\n\n# install\nRUN apk add \\\n    # a comment inside\n    curl \\\n\n    git\nCMD [\"sh\"]\n");

        Assert.Equal([1, 4, 9], parsed.Instructions.Select(i => i.Line));
        Assert.Equal("RUN apk add     curl     git", parsed.Instructions[1].Text);
        Assert.Equal("CMD", parsed.Instructions[2].Keyword);
    }

    [Fact]
    public void The_escape_directive_changes_the_continuation_character()
    {
        var parsed = Parse("# escape=`\n# syntax=docker/dockerfile:1\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n    c:\\\n");

        Assert.Equal('`', parsed.EscapeCharacter);
        Assert.Equal("docker/dockerfile:1", parsed.Syntax);
        Assert.Equal("RUN dir     c:\\", parsed.Instructions[1].Text);
        Assert.Equal(4, parsed.Instructions[1].Line);
    }

    [Fact]
    public void Directives_after_a_comment_or_instruction_are_plain_comments()
    {
        var parsed = Parse("# syntax=docker/dockerfile:1.7\n# escape=`\nFROM alpine\n");
        Assert.Equal("docker/dockerfile:1.7", parsed.Syntax);
        Assert.Equal('`', parsed.EscapeCharacter);

        var late = Parse("# a comment first\n# escape=`\nFROM alpine\nRUN a \\\n b\n");
        Assert.Equal('\\', late.EscapeCharacter);
        Assert.Equal("RUN a  b", late.Instructions[1].Text);
    }

    [Fact]
    public void Heredocs_are_kept_in_the_instruction_and_do_not_become_instructions()
    {
        var parsed = Parse("FROM debian\nRUN <<EOF\nFROM not-an-instruction\napt-get update\nEOF\nCOPY <<-\"CONF\" /etc/app.conf\n\tkey=value\n\tCONF\nUSER app\n");

        Assert.Equal(["FROM", "RUN", "COPY", "USER"], parsed.Instructions.Select(i => i.Keyword));
        Assert.Equal([1, 2, 6, 9], parsed.Instructions.Select(i => i.Line));
        Assert.Contains("apt-get update", parsed.Instructions[1].Text, StringComparison.Ordinal);
        Assert.Single(parsed.Stages);
    }

    [Fact]
    public void Multi_stage_FROM_reads_platform_and_stage_names_and_the_base_follows_stage_references()
    {
        var parsed = Parse(
            "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go build\n" +
            "FROM gcr.io/distroless/static:nonroot AS runtime\nFROM runtime AS final\nCOPY --from=build /app /app\n");

        Assert.Equal(3, parsed.Stages.Count);
        Assert.Equal(new DockerfileStage(1, "golang:1.22", "build", "$BUILDPLATFORM", true), parsed.Stages[0]);
        Assert.Equal("runtime", parsed.Stages[2].Image);
        Assert.Equal("gcr.io/distroless/static:nonroot", parsed.BaseImage);
    }

    [Fact]
    public void ARG_defaults_before_FROM_are_substituted_and_build_args_override_them()
    {
        const string text = "ARG REGISTRY=docker.io\nARG TAG=3.19\nARG VARIANT\nFROM ${REGISTRY}/library/alpine:$TAG\nFROM node:${VARIANT:-20}-slim AS n\nFROM python:${PYVER}\n";

        var parsed = Parse(text);
        Assert.Equal("docker.io/library/alpine:3.19", parsed.Stages[0].Image);
        Assert.Equal("node:20-slim", parsed.Stages[1].Image);
        Assert.False(parsed.Stages[2].Resolved);
        Assert.Equal("python:${PYVER}", parsed.Stages[2].Image);

        var overridden = Parse(text, new Dictionary<string, string> { ["TAG"] = "3.20", ["VARIANT"] = "22" });
        Assert.Equal("docker.io/library/alpine:3.20", overridden.Stages[0].Image);
        Assert.Equal("node:22-slim", overridden.Stages[1].Image);
    }

    [Fact]
    public void An_ARG_without_a_value_leaves_FROM_as_written_rather_than_guessing()
    {
        var parsed = Parse("ARG BASE\nFROM $BASE\n");
        Assert.Equal("$BASE", parsed.BaseImage);
        Assert.False(parsed.Stages[0].Resolved);
    }

    [Theory]
    [InlineData("FROM alpine\nFORM typo\n", "line 2")]
    [InlineData("FROM\n", "line 1")]
    [InlineData("# escape=x\nFROM alpine\n", "line 1")]
    public void Malformed_Dockerfiles_fail_naming_the_line(string text, string field)
    {
        var error = Assert.Throws<InputException>(() => Parse(text));
        Assert.Equal("Dockerfile", error.Source);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Binary_and_oversized_input_is_refused_without_parsing()
    {
        Assert.Throws<InputException>(() => DockerfileParser.Parse([0xff, 0xfe, 0x00, 0xd8], "bin"));
        Assert.Throws<InputException>(() => DockerfileParser.Parse(new byte[DockerfileParser.MaxBytes + 1], "big"));
    }

    [Fact]
    public void An_unterminated_heredoc_or_continuation_at_the_end_does_not_break_the_parse()
    {
        var parsed = Parse("FROM alpine\nRUN <<EOF\necho never closed\n");
        Assert.Equal(["FROM", "RUN"], parsed.Instructions.Select(i => i.Keyword));
        var continued = Parse("FROM alpine\nRUN echo \\");
        Assert.Equal("RUN echo", continued.Instructions[1].Text);
    }
}
