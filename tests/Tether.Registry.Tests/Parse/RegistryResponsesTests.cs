using System.Text;
using Tether.Core.Errors;
using Tether.Registry.Parse;
using Tether.Testing;
using Xunit;

namespace Tether.Registry.Tests.Parse;

public sealed class RegistryResponsesTests
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("""{"token":"t1","access_token":"t2","expires_in":300}""", "t1", 300)]
    [InlineData("""{"access_token":"t2"}""", "t2", 60)]
    [InlineData("""{"token":"","access_token":"t3","expires_in":-4}""", "t3", 60)]
    public void Token_responses_accept_token_or_access_token_and_default_to_60_seconds(string json, string token, int seconds)
    {
        var response = RegistryResponses.ParseToken(Bytes(json), "token", 1 << 20);

        Assert.Equal((token, TimeSpan.FromSeconds(seconds)), (response.Token, response.ExpiresIn));
        Assert.DoesNotContain(token, response.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_response_without_a_token_is_an_input_error() =>
        Assert.Equal("$.token", Assert.Throws<InputException>(() => RegistryResponses.ParseToken(Bytes("""{"expires_in":3}"""), "token", 1 << 20)).Field);

    [Fact]
    public void Tag_listings_of_empty_repositories_may_be_null()
    {
        Assert.Empty(RegistryResponses.ParseTags(Bytes("""{"name":"a","tags":null}"""), "tags", 1 << 20, 10));
        Assert.Equal(["v1", "v2"], RegistryResponses.ParseTags(Bytes("""{"name":"a","tags":["v1","v2"]}"""), "tags", 1 << 20, 10));
    }

    [Fact]
    public void Listings_refuse_non_strings_and_too_many_names()
    {
        Assert.Equal("$.repositories[1]", Assert.Throws<InputException>(() => RegistryResponses.ParseCatalog(Bytes("""{"repositories":["a",2]}"""), "catalog", 1 << 20, 10)).Field);
        Assert.Equal("$.tags", Assert.Throws<InputException>(() => RegistryResponses.ParseTags(Bytes("""{"tags":["a","b","c"]}"""), "tags", 1 << 20, 2)).Field);
    }

    [Theory]
    [InlineData("""{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}}]}""", "MANIFEST_UNKNOWN manifest unknown")]
    [InlineData("""{"errors":[{"code":"DENIED"},{"message":"second"}]}""", "DENIED; second")]
    [InlineData("""<html>502</html>""", null)]
    [InlineData("""{"errors":"no"}""", null)]
    public void Registry_error_bodies_become_one_line(string body, string? expected) =>
        Assert.Equal(expected, RegistryResponses.TryDescribeErrors(Bytes(body)));

    [Fact]
    public void The_provenance_example_reads_as_an_in_toto_statement()
    {
        var statement = InTotoStatement.Parse(File.ReadAllBytes(TestData.Shared("provenance", "actions-buildtypes-workflow-v1-example.json")), "example", 1 << 20);

        Assert.Equal(("https://in-toto.io/Statement/v1", "https://slsa.dev/provenance/v1"), (statement.Type, statement.PredicateType));
        Assert.True(statement.IsSlsaProvenance);
        Assert.Equal("fe4fe40ac7250263c5dbe1cf3138912f3f416140aa248637a60d65fe22c47da4", Assert.Single(statement.Subjects).Digests["sha256"]);
    }

    [Theory]
    [InlineData("""{"payloadType":"application/vnd.in-toto+json","payload":"e30="}""", "$._type")]
    [InlineData("""{"_type":"https://example.com/NotAStatement"}""", "$._type")]
    [InlineData("""{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":5}}]}""", "$.subject[0].digest.sha256")]
    public void Statements_that_are_not_in_toto_statements_are_refused(string json, string field) =>
        Assert.Equal(field, Assert.Throws<InputException>(() => InTotoStatement.Parse(Bytes(json), "layer", 1 << 20)).Field);
}
