using Tether.Core.Errors;
using Tether.Scanner.Analyze.Language.Go;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Language;

public sealed class GoModuleInfoTests
{
    [Fact]
    public void Replacements_attach_to_the_line_before_and_settings_are_kept()
    {
        const string text = "path\tgithub.com/acme/tool/cmd/tool\nmod\tgithub.com/acme/tool\tv1.4.0\th1:abc=\n"
            + "dep\tgithub.com/a/b\tv1.0.0\th1:x=\n=>\tgithub.com/fork/b\tv1.0.1\th1:y=\n"
            + "dep\tgolang.org/x/net\tv0.17.0\th1:z=\n=>\t../net\t\t\n"
            + "build\t-compiler=gc\nbuild\tGOARCH=arm64\nbuild\tvcs.revision=0123abcd\n";

        var info = GoModuleInfo.Parse(text, "bin/tool");

        Assert.Equal(new GoModule("github.com/acme/tool", "v1.4.0"), info.Main);
        Assert.Equal(
            [
                new GoModule("github.com/a/b", "v1.0.0", new GoModule("github.com/fork/b", "v1.0.1")),
                new GoModule("golang.org/x/net", "v0.17.0", new GoModule("../net", null)),
            ],
            info.Dependencies);
        Assert.Equal("arm64", info.Settings["GOARCH"]);
        Assert.Equal("0123abcd", info.Settings["vcs.revision"]);
    }

    [Theory]
    [InlineData("=>\tgithub.com/fork/b\tv1.0.1\n", "Go module info line 1")]
    [InlineData("mod\tx\tv1\n=>\ty\tv2\n=>\tz\tv3\n", "Go module info line 3")]
    [InlineData("dep\t\tv1.0.0\n", "Go module info line 1")]
    [InlineData("mod\n", "Go module info line 1")]
    public void Malformed_lines_are_rejected_naming_the_line(string text, string field)
    {
        var error = Assert.Throws<InputException>(() => GoModuleInfo.Parse(text, "bin/tool"));

        Assert.Equal(("bin/tool", field), (error.Source, error.Field));
    }
}
