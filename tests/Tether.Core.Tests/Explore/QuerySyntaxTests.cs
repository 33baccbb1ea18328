using System.Text;
using Tether.Core.Explore;
using Tether.Core.Explore.Syntax;
using Xunit;

namespace Tether.Core.Tests.Explore;

public sealed class QuerySyntaxTests
{
    [Theory]
    [InlineData("images", "images")]
    [InlineData("IMAGES WHERE running", "IMAGES where running")]
    [InlineData("images where vulnerabilities(severity >= high) and pushed_by(repository) and runs_on(pods where internet_exposed)",
        "images where vulnerabilities(severity >= high) and pushed_by(repository) and runs_on(pods where internet_exposed)")]
    [InlineData("pods where (a = 1 or b != 'x y') and not c", "pods where (a = 1 or b != \"x y\") and not c")]
    [InlineData("pods where a or b and c", "pods where a or b and c")]
    [InlineData("pods where not (a and b)", "pods where not (a and b)")]
    [InlineData("images where name ~ \"api-*\"\n  and cvss == 9.5", "images where name ~ \"api-*\" and cvss = 9.5")]
    [InlineData("images where vulnerabilities()", "images where vulnerabilities()")]
    public void Text_parses_to_its_canonical_form(string text, string canonical)
    {
        var query = Explorer.ParseText(text);
        Assert.Equal(canonical, QueryFormatter.Format(query));
        Assert.Equal(canonical, QueryFormatter.Format(Explorer.ParseText(canonical)));
    }

    [Theory]
    [InlineData("images where vulnerabilities(severity >= high) and pushed_by(repository) and runs_on(pods where internet_exposed)")]
    [InlineData("pods where (cluster = prod or namespace ~ \"team-*\") and not privileged and images(cvss > 7.5)")]
    [InlineData("containers where privileged = false and image(vulnerabilities(title ~ \"quote \\\" inside\"))")]
    public void Text_and_json_round_trip(string text)
    {
        var query = Explorer.ParseText(text);
        var json = QueryJson.Serialize(query);
        var back = Explorer.ParseJson(Encoding.UTF8.GetBytes(json));
        Assert.Equal(QueryFormatter.Format(query), QueryFormatter.Format(back));
        Assert.Equal(json, QueryJson.Serialize(back));
    }

    [Fact]
    public void Json_form_reads_the_documented_schema()
    {
        var json = """
            {"entity":"images","where":{"and":[
              {"relation":"vulnerabilities","query":{"where":{"property":"severity","op":">=","value":"high"}}},
              {"not":{"property":"running"}},
              {"relation":"pushed_by"}]}}
            """;
        Assert.Equal("images where vulnerabilities(severity >= high) and not running and pushed_by()", QueryFormatter.Format(Explorer.ParseJson(Encoding.UTF8.GetBytes(json))));
    }

    [Theory]
    [InlineData("images where", 1, 13, "expected a property or relation name, found the end of the query")]
    [InlineData("images where vulnerabilities(severity >= )", 1, 42, "expected a value after '>='")]
    [InlineData("images where a = 1 b = 2", 1, 20, "unexpected 'b' after the end of the query")]
    [InlineData("images\nwhere running and\n  (a = \"open", 3, 8, "unterminated string")]
    [InlineData("images where a # b", 1, 16, "unexpected character '#'")]
    [InlineData("images where a ! b", 1, 16, "expected '!=' or '!~'")]
    [InlineData("images runs", 1, 8, "expected 'where' or the end of the query")]
    public void Malformed_text_is_reported_at_its_line_and_column(string text, int line, int column, string detail)
    {
        var error = Assert.Throws<QueryException>(() => Explorer.ParseText(text));
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith(detail, error.Detail, StringComparison.Ordinal);
        Assert.EndsWith(new string(' ', column - 1) + "^", error.Excerpt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("imagez where running", 1, 1, "unknown entity type 'imagez'")]
    [InlineData("images where runing", 1, 14, "images have no property 'runing'")]
    [InlineData("images where vulnerabilities(severity >= hgh)", 1, 42, "unknown severity 'hgh'")]
    [InlineData("images where runs_on(images)", 1, 22, "this relation leads to pods, not images")]
    [InlineData("pods where environment >= production", 1, 12, "'>=' does not apply to text property 'environment'")]
    [InlineData("images where\n  cvss > 3", 2, 3, "images have no property 'cvss'")]
    public void Unknown_names_and_bad_values_are_reported_at_their_position(string text, int line, int column, string detail)
    {
        var error = Assert.Throws<QueryException>(() => Explorer.Validate(Explorer.ParseText(text), text));
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith(detail, error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"where":{"property":"running"}}""", "$.entity")]
    [InlineData("""{"entity":"images","where":{"and":[{"property":"a"},{"frob":1}]}}""", "$.where.and[1]")]
    [InlineData("""{"entity":"images","where":{"property":"cvss","op":"=>","value":1}}""", "$.where.op")]
    [InlineData("""{"entity":"images","where":{"property":"cvss","op":">"}}""", "$.where")]
    [InlineData("""{"entity":"images","where":{"relation":"vulnerabilities","query":{"where":{"property":"severity","op":">=","value":"hgh"}}}}""", "$.where.query.where.value")]
    [InlineData("""{"entity":"images" """, "$")]
    public void Json_errors_name_the_field(string json, string path)
    {
        var error = Assert.Throws<QueryException>(() =>
        {
            var query = Explorer.ParseJson(Encoding.UTF8.GetBytes(json));
            Explorer.Validate(query);
        });
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Deep_nesting_is_refused_not_overflowed()
    {
        var text = "pods where " + string.Concat(Enumerable.Repeat("not (", 10_000)) + "running" + new string(')', 10_000);
        var error = Assert.Throws<QueryException>(() => Explorer.ParseText(text, QueryLimits.Default with { MaxLength = 100_000 }));
        Assert.Contains("nested deeper than 32", error.Detail, StringComparison.Ordinal);

        var relations = "images where " + string.Concat(Enumerable.Repeat("runs_on(images(", 40)) + new string(')', 80);
        Assert.Contains("nested deeper", Assert.Throws<QueryException>(() => Explorer.ParseText(relations)).Detail, StringComparison.Ordinal);

        var json = string.Concat(Enumerable.Repeat("{\"not\":", 60)) + "{\"property\":\"running\"}" + new string('}', 60);
        Assert.Contains("nested deeper", Assert.Throws<QueryException>(() => Explorer.ParseJson(Encoding.UTF8.GetBytes("{\"entity\":\"pods\",\"where\":" + json + "}"))).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_input_is_refused_at_the_limit_with_a_bounded_message()
    {
        var text = "pods where " + string.Join(" or ", Enumerable.Repeat("name = x", 5_000));
        var error = Assert.Throws<QueryException>(() => Explorer.ParseText(text));
        Assert.Equal((1, QueryParser.DefaultMaxLength + 1), (error.Line, error.Column));
        Assert.True(error.Message.Length < 400, error.Message);
    }
}
