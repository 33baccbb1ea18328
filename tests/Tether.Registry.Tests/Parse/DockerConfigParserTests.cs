using System.Text;
using Tether.Core.Errors;
using Tether.Registry.Parse;
using Xunit;

namespace Tether.Registry.Tests.Parse;

public sealed class DockerConfigParserTests
{
    private static DockerConfigFile Parse(string json) => DockerConfigParser.Parse(Encoding.UTF8.GetBytes(json), "config.json");

    [Fact]
    public void Base64_auth_username_password_identity_tokens_and_helpers_are_read()
    {
        var config = Parse("""
            {
              "auths": {
                "https://index.docker.io/v1/": { "auth": "dGV0aGVyOnMzY3JldDp3aXRoOmNvbG9ucw==" },
                "ghcr.io": { "username": "bot", "password": "pat" },
                "myregistry.azurecr.io": { "identitytoken": "refresh-me" },
                "quay.io": {}
              },
              "credHelpers": { "123456789012.dkr.ecr.us-east-1.amazonaws.com": "ecr-login" },
              "credsStore": "desktop"
            }
            """);

        Assert.Equal(new DockerAuthEntry("tether", "s3cret:with:colons", null, null), config.Auths["https://index.docker.io/v1/"]);
        Assert.Equal(new DockerAuthEntry("bot", "pat", null, null), config.Auths["ghcr.io"]);
        Assert.Equal("refresh-me", config.Auths["myregistry.azurecr.io"].IdentityToken);
        Assert.True(config.Auths["quay.io"].IsEmpty);
        Assert.Equal("ecr-login", config.CredHelpers["123456789012.dkr.ecr.us-east-1.amazonaws.com"]);
        Assert.Equal("desktop", config.CredsStore);
    }

    [Fact]
    public void Entries_never_print_their_secrets()
    {
        var entry = Parse("""{"auths":{"ghcr.io":{"username":"bot","password":"hunter2"}}}""").Auths["ghcr.io"];

        Assert.DoesNotContain("hunter2", entry.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"auths":{"r":{"auth":"%%%"}}}""", "$.auths[\"r\"].auth", "is not valid base64")]
    [InlineData("""{"auths":{"r":{"auth":"bm9jb2xvbg=="}}}""", "$.auths[\"r\"].auth", "does not decode to 'username:password'")]
    [InlineData("""{"auths":[]}""", "$.auths", "must be an object")]
    [InlineData("""{"credHelpers":{"r":1}}""", "$.credHelpers.r", "must be a string")]
    public void Malformed_entries_name_the_file_and_field_but_not_the_secret(string json, string field, string message)
    {
        var error = Assert.Throws<InputException>(() => Parse(json));

        Assert.Equal(("config.json", field), (error.Source, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bm9jb2xvbg", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"ServerURL":"ghcr.io","Username":"bot","Secret":"pat"}""", "bot", "pat", null)]
    [InlineData("""{"ServerURL":"acr","Username":"<token>","Secret":"refresh"}""", null, null, "refresh")]
    public void Credential_helper_answers_are_read_as_docker_does(string json, string? user, string? password, string? identityToken)
    {
        var credential = DockerConfigParser.ParseHelperOutput(Encoding.UTF8.GetBytes(json), "docker-credential-x");

        Assert.Equal((user, password, identityToken), (credential!.Username, credential.Password, credential.IdentityToken));
    }
}
