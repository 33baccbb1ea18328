using Tether.Core.Identity;
using Tether.Registry.Parse;

namespace Tether.Registry.Client.Auth;

/// <summary>
/// Credentials as the Docker CLI keeps them: <c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>.
/// A <c>credHelpers</c> entry for the registry wins, then <c>credsStore</c>; both run
/// <c>docker-credential-NAME get</c>. Otherwise the <c>auths</c> entry is used (base64 <c>auth</c>,
/// username/password, <c>identitytoken</c>, <c>registrytoken</c>).
/// </summary>
public sealed class DockerConfigCredentialProvider(string? configPath, CredentialHelperRunner? helpers = null) : ICredentialProvider
{
    /// <summary>Docker Hub's historical key in <c>auths</c> and in credential stores.</summary>
    public const string DockerHubServerUrl = "https://index.docker.io/v1/";

    private readonly CredentialHelperRunner _helpers = helpers ?? new CredentialHelperRunner();

    /// <summary>The file the Docker CLI would read, whether or not it exists.</summary>
    public static string DefaultConfigPath()
    {
        var directory = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrWhiteSpace(directory))
        {
            directory = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        }

        return Path.Combine(directory, "config.json");
    }

    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken)
    {
        if (configPath is null || !File.Exists(configPath))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(configPath, cancellationToken).ConfigureAwait(false);
        var config = DockerConfigParser.Parse(bytes, configPath);
        var wanted = NormalizeKey(registry);

        var helper = config.CredHelpers.FirstOrDefault(h => NormalizeKey(h.Key) == wanted).Value ?? config.CredsStore;
        if (helper is not null)
        {
            var serverUrl = wanted == ImageName.DockerHub ? DockerHubServerUrl : registry;
            var fromHelper = await _helpers.GetAsync(helper, serverUrl, cancellationToken).ConfigureAwait(false);
            if (fromHelper is not null)
            {
                return fromHelper;
            }
        }

        var entry = config.Auths.FirstOrDefault(a => NormalizeKey(a.Key) == wanted).Value;
        return entry is null || entry.IsEmpty
            ? null
            : new RegistryCredential(entry.Username, entry.Password, entry.IdentityToken, entry.RegistryToken);
    }

    /// <summary>
    /// Keys in config.json may be written <c>https://host/v1/</c>, <c>http://host</c> or <c>host</c>; Docker Hub
    /// appears as index.docker.io, registry-1.docker.io or docker.io. All compare as the bare host.
    /// </summary>
    internal static string NormalizeKey(string key)
    {
        var text = key.Trim().ToLowerInvariant();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        return text is "index.docker.io" or "registry-1.docker.io" ? ImageName.DockerHub : text;
    }
}
