using System.Text;
using Tether.Registry.Client;
using Tether.Registry.Client.Auth;
using Tether.Registry.Tests.Infrastructure;
using Tether.Testing;
using Xunit;

namespace Tether.Registry.Tests.Client;

/// <summary>Credentials as `docker login` leaves them, used against the real basic-auth and token registries.</summary>
[Collection(RegistryCollection.Name)]
public sealed class CredentialTests(RegistryServers servers) : IDisposable
{
    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    private string WriteConfig(string json)
    {
        var path = _home.File("config.json");
        File.WriteAllText(path, json);
        return path;
    }

    private string WriteHelper(string name, string script)
    {
        var path = _home.File("docker-credential-" + name);
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task A_base64_auth_entry_in_config_json_opens_the_basic_auth_registry()
    {
        var config = WriteConfig($$"""{"auths":{"{{servers.Basic}}":{"auth":"{{Base64(servers.BasicCredentials)}}"} } }""");
        using var client = new RegistryClient(servers.Basic, new RegistryClientOptions { Credentials = new DockerConfigCredentialProvider(config) });

        var tags = await client.ListTagsAsync(servers.TestRepo, CancellationToken.None);

        Assert.Equal(["v1"], tags);
    }

    [Fact]
    public async Task Config_keys_with_scheme_and_path_match_the_registry_host()
    {
        var config = WriteConfig($$"""{"auths":{"http://{{servers.Token}}/v2/":{"username":"tether","password":"{{RegistryServers.Password}}"} } }""");

        var credential = await new DockerConfigCredentialProvider(config).GetAsync(servers.Token, CancellationToken.None);

        Assert.Equal(("tether", RegistryServers.Password), (credential!.Username, credential.Password));
    }

    [Theory]
    [InlineData("https://index.docker.io/v1/")]
    [InlineData("docker.io")]
    [InlineData("registry-1.docker.io")]
    public async Task Docker_hub_credentials_are_found_under_any_of_its_names(string key)
    {
        var config = WriteConfig($$"""{"auths":{"{{key}}":{"auth":"{{Base64("hubuser:hubpass")}}"} } }""");

        var credential = await new DockerConfigCredentialProvider(config).GetAsync("docker.io", CancellationToken.None);

        Assert.Equal("hubuser", credential!.Username);
    }

    [Fact]
    public async Task A_missing_config_or_registry_entry_means_anonymous()
    {
        var config = WriteConfig("""{"auths":{"ghcr.io":{"auth":"eDp5"}}}""");

        Assert.Null(await new DockerConfigCredentialProvider(_home.File("absent.json")).GetAsync("ghcr.io", CancellationToken.None));
        Assert.Null(await new DockerConfigCredentialProvider(config).GetAsync("quay.io", CancellationToken.None));
    }

    [Fact]
    public async Task A_cred_helper_is_run_with_the_server_url_on_stdin()
    {
        WriteHelper("tethertest", $$"""
            read server
            echo "$server" > "{{_home.File("helper-input")}}"
            [ "$1" = "get" ] || exit 3
            printf '{"ServerURL":"%s","Username":"tether","Secret":"{{RegistryServers.Password}}"}' "$server"
            """);
        var config = WriteConfig($$"""{"credHelpers":{"{{servers.Token}}":"tethertest"} }""");
        var provider = new DockerConfigCredentialProvider(config, new CredentialHelperRunner(_home.Path));
        using var client = new RegistryClient(servers.Token, new RegistryClientOptions { Credentials = provider });

        var tags = await client.ListTagsAsync(servers.TestRepo, CancellationToken.None);

        Assert.Equal(["v1"], tags);
        Assert.Equal(servers.Token, File.ReadAllText(_home.File("helper-input")).Trim());
    }

    [Fact]
    public async Task A_creds_store_without_the_credential_falls_back_to_auths()
    {
        WriteHelper("empty", "echo 'credentials not found in native keychain'; exit 1");
        var config = WriteConfig($$"""{"credsStore":"empty","auths":{"{{servers.Basic}}":{"auth":"{{Base64(servers.BasicCredentials)}}"} } }""");

        var credential = await new DockerConfigCredentialProvider(config, new CredentialHelperRunner(_home.Path)).GetAsync(servers.Basic, CancellationToken.None);

        Assert.Equal(servers.User, credential!.Username);
    }

    [Fact]
    public async Task A_failing_cred_helper_is_an_error_naming_the_helper()
    {
        WriteHelper("broken", "echo 'keychain locked' >&2; exit 2");
        var config = WriteConfig("""{"credsStore":"broken"}""");

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            new DockerConfigCredentialProvider(config, new CredentialHelperRunner(_home.Path)).GetAsync("ghcr.io", CancellationToken.None));

        Assert.Contains("credential helper 'broken'", error.Message, StringComparison.Ordinal);
        Assert.Contains("exited with 2: keychain locked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_helper_name_with_a_path_is_refused()
    {
        var config = WriteConfig("""{"credsStore":"../../bin/sh"}""");

        var error = await Assert.ThrowsAsync<RegistryException>(() => new DockerConfigCredentialProvider(config).GetAsync("ghcr.io", CancellationToken.None));

        Assert.Contains("may only hold letters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_config_path_follows_docker_config()
    {
        var previous = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        try
        {
            Environment.SetEnvironmentVariable("DOCKER_CONFIG", _home.Path);
            Assert.Equal(_home.File("config.json"), DockerConfigCredentialProvider.DefaultConfigPath());
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_CONFIG", previous);
        }
    }
}
