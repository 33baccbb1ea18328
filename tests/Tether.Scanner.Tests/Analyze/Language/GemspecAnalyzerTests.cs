using Tether.Core.Errors;
using Tether.Scanner.Analyze.Language.Ruby;
using Tether.Testing;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Language;

public sealed class GemspecAnalyzerTests
{
    private readonly GemspecAnalyzer _analyzer = new();

    [Theory]
    [InlineData("rake-13.0.6.gemspec", "rake@13.0.6", "MIT")]
    [InlineData("webrick-1.8.1.gemspec", "webrick@1.8.1", "Ruby|BSD-2-Clause")]
    [InlineData("json-2.6.1.gemspec", "json@2.6.1", "Ruby")]
    public void Real_installed_gemspecs_give_name_version_and_licenses(string file, string expected, string licenses)
    {
        var path = "usr/local/bundle/specifications/" + file;
        Assert.True(_analyzer.Wants(path));

        var package = Assert.Single(_analyzer.Analyze(path, File.ReadAllBytes(Fixture(file))));

        Assert.Equal(expected, PackageText.One(package));
        Assert.Equal(("gem", path, null), (package.Type, package.Path, package.Architecture));
        Assert.Equal(licenses, string.Join('|', package.Licenses));
    }

    [Theory]
    [InlineData("rake-13.0.6.gemspec")]
    [InlineData("webrick-1.8.1.gemspec")]
    [InlineData("json-2.6.1.gemspec")]
    public void RubyGems_loads_the_same_name_version_and_licenses(string file)
    {
        using var folder = new TempDirectory();
        var output = ExternalTool.Run("ruby", ["-e", "s = Gem::Specification.load(ARGV[0]); puts s.name, s.version.to_s, s.licenses.join('|')", Fixture(file)], folder.Path);

        var package = Assert.Single(_analyzer.Analyze("specifications/" + file, File.ReadAllBytes(Fixture(file))));

        Assert.Equal(output.TrimEnd('\n').Split('\n'), new[] { package.Name, package.Version, string.Join('|', package.Licenses) });
    }

    [Fact]
    public void A_platform_gem_written_by_rubygems_keeps_its_platform()
    {
        using var folder = new TempDirectory();
        var spec = ExternalTool.Run(
            "ruby",
            ["-e", "puts Gem::Specification.new { |s| s.name = 'nokogiri'; s.version = '1.15.4'; s.platform = 'x86_64-linux'; s.licenses = ['MIT']; s.summary = 'XML'; s.authors = ['Mike Dalessio'] }.to_ruby"],
            folder.Path);

        var package = Assert.Single(_analyzer.Analyze("var/lib/gems/3.1.0/specifications/nokogiri-1.15.4-x86_64-linux.gemspec", PackageText.Utf8(spec)));

        Assert.Equal(("nokogiri", "1.15.4", "x86_64-linux"), (package.Name, package.Version, package.Architecture));
        Assert.Equal(["MIT"], package.Licenses);
    }

    [Fact]
    public void The_stub_line_stands_in_for_missing_assignments()
    {
        const string spec = "# -*- encoding: utf-8 -*-\n# stub: puma 6.4.0 ruby lib\n\nGem::Specification.new do |s|\n  s.summary = \"A Ruby/Rack web server built for parallelism.\".freeze\nend\n";

        Assert.Equal("puma@6.4.0", PackageText.One(Assert.Single(_analyzer.Analyze("specifications/puma-6.4.0.gemspec", PackageText.Utf8(spec)))));
    }

    [Fact]
    public void Only_assignments_to_the_spec_block_variable_count()
    {
        const string spec = "name = \"evil\"\nsystem(\"touch /tmp/pwned\")\nGem::Specification.new do |spec|\n  s.name = \"wrong\"\n  spec.name = \"right\".freeze\n  spec.version = \"1.0.0\"\nend\n";

        Assert.Equal("right@1.0.0", PackageText.One(Assert.Single(_analyzer.Analyze("specifications/right-1.0.0.gemspec", PackageText.Utf8(spec)))));
    }

    [Theory]
    [InlineData("Gem::Specification.new do |s|\n  s.summary = \"x\"\nend\n", "name")]
    [InlineData("Gem::Specification.new do |s|\n  s.name = \"x\"\nend\n", "version")]
    [InlineData("", "name")]
    public void A_spec_without_name_or_version_is_rejected(string spec, string field)
    {
        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("specifications/x.gemspec", PackageText.Utf8(spec)));

        Assert.Equal(("specifications/x.gemspec", field), (error.Source, error.Field));
    }

    [Theory]
    [InlineData("usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec", true)]
    [InlineData("app/myapp.gemspec", false)]
    [InlineData("usr/local/bundle/gems/rake-13.0.6/rake.gemspec", false)]
    public void Wants_installed_specifications_only(string path, bool wanted) => Assert.Equal(wanted, _analyzer.Wants(path));

    private static string Fixture(string file) =>
        TestData.Repo("tests", "Tether.Scanner.Tests", "Analyze", "Language", "testdata", "ruby", file);
}
