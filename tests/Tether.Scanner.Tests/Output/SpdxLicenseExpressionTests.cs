using Tether.Scanner.Output.Spdx;
using Xunit;

namespace Tether.Scanner.Tests.Output;

/// <summary>Declared license texts read as SPDX 2.3 license expressions (Annex D), or refused.</summary>
public sealed class SpdxLicenseExpressionTests
{
    [Theory]
    [InlineData("MIT", "MIT")]
    [InlineData("mit", "MIT")]
    [InlineData("apache-2.0", "Apache-2.0")]
    [InlineData("(MIT OR Apache-2.0)", "(MIT OR Apache-2.0)")]
    [InlineData("MIT or Apache-2.0 and BSD-3-Clause", "MIT OR Apache-2.0 AND BSD-3-Clause")]
    [InlineData("GPL-2.0-or-later WITH Classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0")]
    [InlineData("GPL-2.0+", "GPL-2.0+")]
    [InlineData("LGPL-2.1-only+", "LGPL-2.1-only+")]
    [InlineData("LicenseRef-acme-1.0", "LicenseRef-acme-1.0")]
    [InlineData("DocumentRef-other:LicenseRef-x", "DocumentRef-other:LicenseRef-x")]
    public void Valid_expressions_are_kept_with_the_listed_spelling_of_each_id(string text, string expected) =>
        Assert.Equal(expected, SpdxLicenseExpression.Normalize(text));

    [Theory]
    [InlineData("GPLv2+")]
    [InlineData("BSD-like")]
    [InlineData("MIT AND")]
    [InlineData("(MIT")]
    [InlineData("MIT Apache-2.0")]
    [InlineData("GPL-2.0 WITH MIT")]
    [InlineData("LicenseRef-a+b")]
    [InlineData("Public Domain")]
    [InlineData("")]
    public void Anything_else_is_not_an_expression(string text) =>
        Assert.Null(SpdxLicenseExpression.Normalize(text));

    [Fact]
    public void Deep_nesting_is_refused_rather_than_recursed_into()
    {
        var text = new string('(', 40) + "MIT" + new string(')', 40);

        Assert.Null(SpdxLicenseExpression.Normalize(text));
    }

    [Fact]
    public void Several_declarations_all_apply_and_unlisted_text_is_a_LicenseRef_made_once()
    {
        var licenses = new SpdxLicenses();

        Assert.Equal("NOASSERTION", licenses.Declared([]));
        var first = licenses.Declared(["MIT OR Apache-2.0", "Custom License"]);
        var second = licenses.Declared(["Custom License"]);
        Assert.Equal($"(MIT OR Apache-2.0) AND {second}", first);
        Assert.Matches("^LicenseRef-Custom-License-[0-9a-f]{8}$", second);
        Assert.Equal("Custom License", Assert.Single(licenses.Extracted).Value);
    }
}
