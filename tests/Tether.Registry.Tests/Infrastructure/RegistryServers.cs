using Tether.Testing;
using Xunit;

namespace Tether.Registry.Tests.Infrastructure;

/// <summary>
/// The real registries the tests talk to: Debian's docker-registry started by scripts/registry.sh (reused from
/// the environment when scripts/test.sh already started them), plus one behind token auth that trusts our
/// in-process <see cref="TokenServer"/>. The regclient testrepo:v1 layout is pushed to each with skopeo.
/// </summary>
public sealed class RegistryServers : IAsyncLifetime
{
    public const string Password = "tether-test";

    private readonly TempDirectory _state = new();
    private bool _startedAnonymousAndBasic;

    public string Anonymous { get; private set; } = "";
    public string Basic { get; private set; } = "";
    public string User { get; private set; } = "tether";
    public string BasicPassword { get; private set; } = Password;
    public string Token { get; private set; } = "";
    public TokenServer TokenServer { get; private set; } = null!;

    /// <summary>A writable copy of /work/shared/testdata/oci/testrepo.</summary>
    public string TestRepoLayout { get; private set; } = "";

    /// <summary>testrepo:v1 as pushed to each registry.</summary>
    public string TestRepo { get; } = Unique("fixture/testrepo");

    /// <summary>A repository name no other test (or earlier run against the same registry) uses.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    public string BasicCredentials => $"{User}:{BasicPassword}";

    public async Task InitializeAsync()
    {
        var script = TestData.Repo("scripts", "registry.sh");
        var anonymous = Environment.GetEnvironmentVariable("TETHER_TEST_REGISTRY");
        var basic = Environment.GetEnvironmentVariable("TETHER_TEST_REGISTRY_BASIC");
        if (!string.IsNullOrEmpty(anonymous) && !string.IsNullOrEmpty(basic))
        {
            Anonymous = anonymous;
            Basic = basic;
            User = Environment.GetEnvironmentVariable("TETHER_TEST_REGISTRY_USER") ?? User;
            BasicPassword = Environment.GetEnvironmentVariable("TETHER_TEST_REGISTRY_PASSWORD") ?? BasicPassword;
        }
        else
        {
            var exports = ProcessRunner.ParseExports(await ProcessRunner.RunAsync(script, ["start", Path.Combine(_state.Path, "plain")]));
            _startedAnonymousAndBasic = true;
            Anonymous = exports["TETHER_TEST_REGISTRY"];
            Basic = exports["TETHER_TEST_REGISTRY_BASIC"];
            User = exports["TETHER_TEST_REGISTRY_USER"];
            BasicPassword = exports["TETHER_TEST_REGISTRY_PASSWORD"];
        }

        TokenServer = await TokenServer.StartAsync();
        var rootPem = _state.File("token-root.pem");
        await File.WriteAllTextAsync(rootPem, TokenServer.RootPem);
        var tokenExports = ProcessRunner.ParseExports(await ProcessRunner.RunAsync(script,
            ["start-token", Path.Combine(_state.Path, "token"), TokenServer.Realm, rootPem, TokenServer.Service, TokenServer.Issuer]));
        Token = tokenExports["TETHER_TEST_REGISTRY_TOKEN"];

        TestRepoLayout = Skopeo.CopyLayout(TestData.Shared("oci", "testrepo"), Path.Combine(_state.Path, "testrepo-layout"));
        await Task.WhenAll(
            Skopeo.CopyAsync(TestRepoLayout, "v1", $"{Anonymous}/{TestRepo}:v1"),
            Skopeo.CopyAsync(TestRepoLayout, "v1", $"{Basic}/{TestRepo}:v1", BasicCredentials),
            Skopeo.CopyAsync(TestRepoLayout, "v1", $"{Token}/{TestRepo}:v1", BasicCredentials),
            Skopeo.CopyAsync(TestRepoLayout, "v1", $"{Token}/public/{TestRepo}:v1", BasicCredentials));
        TokenServer.ClearRequests();
    }

    public async Task DisposeAsync()
    {
        var script = TestData.Repo("scripts", "registry.sh");
        await ProcessRunner.RunAsync(script, ["stop", Path.Combine(_state.Path, "token")]);
        if (_startedAnonymousAndBasic)
        {
            await ProcessRunner.RunAsync(script, ["stop", Path.Combine(_state.Path, "plain")]);
        }

        await TokenServer.DisposeAsync();
        _state.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryServers>
{
    public const string Name = "registries";
}
