using Tether.Core.Errors;
using Tether.Scanner.Analyze.Language.Python;
using Tether.Testing;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Language;

public sealed class PythonMetadataAnalyzerTests
{
    private readonly PythonMetadataAnalyzer _analyzer = new();

    [Theory]
    [InlineData("asyncssh-2.14.2.dist-info/METADATA", "asyncssh", "2.14.2", "Eclipse Public License v2.0")]
    [InlineData("networkx-3.0.dist-info/METADATA", "networkx", "3.0", "")]
    // License UNKNOWN, and the blank lines inside its Description end the headers before its classifiers (Python's own parser reads it so).
    [InlineData("setuptools-51.3.3-py3.8.egg-info/PKG-INFO", "setuptools", "51.3.3", "")]
    public void Real_metadata_files_give_name_version_and_license(string file, string name, string version, string licenses)
    {
        var path = "usr/lib/python3/dist-packages/" + file;
        Assert.True(_analyzer.Wants(path));

        var package = Assert.Single(_analyzer.Analyze(path, File.ReadAllBytes(TestData.Shared("pkgdb", "python", file))));

        Assert.Equal(("pypi", name, version, path, null), (package.Type, package.Name, package.Version, package.Path, package.Namespace));
        Assert.Equal(licenses, string.Join('|', package.Licenses));
    }

    [Fact]
    public void License_expression_wins_and_names_stay_as_written()
    {
        const string metadata = """
            Metadata-Version: 2.4
            Name: Typing_Extensions
            Version: 4.12.2
            Summary: Backported and Experimental Type Hints for Python 3.8+
            License-Expression: PSF-2.0
            License: Python Software Foundation License
            Classifier: License :: OSI Approved :: Python Software Foundation License

            # Typing Extensions
            Name: not-a-header
            """;

        var package = Assert.Single(_analyzer.Analyze("x/typing_extensions-4.12.2.dist-info/METADATA", PackageText.Utf8(metadata)));

        Assert.Equal(("Typing_Extensions", "4.12.2"), (package.Name, package.Version));
        Assert.Equal(["PSF-2.0"], package.Licenses);
    }

    [Fact]
    public void A_pasted_license_text_is_not_taken_for_a_license_name()
    {
        const string metadata = "Metadata-Version: 2.1\r\nName: six\r\nVersion: 1.16.0\r\nLicense: Copyright (c) 2010-2020 Benjamin Peterson\r\n        \r\n        Permission is hereby granted, free of charge\r\nClassifier: License :: OSI Approved :: MIT License\r\n";

        var package = Assert.Single(_analyzer.Analyze("six-1.16.0.dist-info/METADATA", PackageText.Utf8(metadata)));

        Assert.Equal(["MIT License"], package.Licenses);
    }

    [Theory]
    [InlineData("usr/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA", true)]
    [InlineData("usr/lib/python3/dist-packages/PyYAML-5.3.1.egg-info", true)]
    [InlineData("usr/lib/python3/dist-packages/x.egg/EGG-INFO/PKG-INFO", true)]
    [InlineData("usr/lib/python3/dist-packages/x-1.0.egg-info/PKG-INFO", true)]
    [InlineData("usr/lib/python3/dist-packages/requests-2.31.0.dist-info/RECORD", false)]
    [InlineData("src/METADATA", false)]
    [InlineData("src/PKG-INFO", false)]
    public void Wants_installed_distribution_metadata(string path, bool wanted) => Assert.Equal(wanted, _analyzer.Wants(path));

    [Theory]
    [InlineData("Metadata-Version: 2.1\nVersion: 1.0\n", "Name")]
    [InlineData("Metadata-Version: 2.1\nName: x\n", "Version")]
    [InlineData(" continued before any header\nName: x\n", "line 1")]
    [InlineData("Name: x\nthis line has no colon\n", "line 2")]
    [InlineData("Name: \nVersion: 1.0\n", "Name")]
    public void Malformed_metadata_is_rejected_naming_the_field(string metadata, string field)
    {
        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("x.dist-info/METADATA", PackageText.Utf8(metadata)));

        Assert.Equal(("x.dist-info/METADATA", field), (error.Source, error.Field));
    }
}
