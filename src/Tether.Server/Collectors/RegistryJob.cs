using Tether.Core.Graph;
using Tether.Pipeline.Provenance;
using Tether.Registry.Client;
using Tether.Registry.Client.Auth;
using Tether.Registry.Sync;

namespace Tether.Server.Collectors;

/// <summary>
/// Registries synced as <c>tether registry sync</c> does (<see cref="RegistrySync"/>, one batch per repository),
/// with Docker's config.json credentials of the server's user. A failing repository is counted, not fatal.
/// </summary>
public sealed class RegistryJob(RegistryCollectorSettings settings, IGraphStore graph, TimeProvider time) : ICollectorJob
{
    public string Name => "registry";

    public TimeSpan Interval => settings.Interval;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        int synced = 0, failed = 0;
        foreach (var target in settings.Targets)
        {
            var slash = target.IndexOf('/', StringComparison.Ordinal);
            var registry = slash < 0 ? target : target[..slash];
            string? repository = slash < 0 ? null : target[(slash + 1)..];
            using var client = new RegistryClient(registry, new RegistryClientOptions
            {
                Insecure = settings.Insecure,
                Credentials = new DockerConfigCredentialProvider(DockerConfigCredentialProvider.DefaultConfigPath()),
            });
            using var sync = new RegistrySync(client, new RegistrySyncOptions
            {
                Time = time,
                Provenance = new ProvenanceReader(),
                Known = new StoredImages(graph),
                EndUnlistedTags = true,
            });
            var repositories = repository is not null ? [repository] : await sync.ListRepositoriesAsync(cancellationToken).ConfigureAwait(false);
            foreach (var name in repositories)
            {
                try
                {
                    var result = await sync.SyncRepositoryAsync(name, null, cancellationToken).ConfigureAwait(false);
                    await graph.IngestAsync(result.Batch, cancellationToken).ConfigureAwait(false);
                    synced++;
                }
                catch (Registry.RegistryException)
                {
                    failed++;
                }
            }
        }

        if (synced == 0 && failed > 0)
        {
            throw new InvalidOperationException($"no repository could be synced ({failed} failed)");
        }

        return $"{synced} repositories synced, {failed} failed";
    }
}
