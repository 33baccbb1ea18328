using Tether.Cloud.Normalize;
using Tether.Cloud.Parse;
using Tether.Core.Errors;
using Tether.Core.Graph;

namespace Tether.Cloud;

/// <summary>
/// Library entry for <c>tether ingest cloud FILE…</c>: reads (bounded) and parses every file, then normalizes them into
/// one batch (collector <c>cloud-inventory</c>). Bad input fails whole, before anything is stored.
/// </summary>
public static class CloudFiles
{
    public const string Collector = "cloud-inventory";

    public static async Task<CloudImport> ReadAsync(IReadOnlyList<string> paths, TimeProvider time, CloudInventoryLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(time);
        limits ??= CloudInventoryLimits.Default;
        if (paths.Count == 0)
        {
            throw new InputException("arguments", null, "no cloud inventory files given.");
        }

        var inventories = new List<CloudInventory>();
        foreach (var path in paths)
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                throw new InputException(path, null, "does not exist.");
            }

            if (file.Length > limits.MaxBytes)
            {
                throw new InputException(path, null, $"{file.Length} bytes is over the {limits.MaxBytes}-byte limit for a cloud inventory.");
            }

            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException(path, null, "cannot be read: " + e.Message, e);
            }

            inventories.Add(CloudInventoryParser.Parse(bytes, path, limits));
        }

        var batch = new GraphBatch(Collector, time.GetUtcNow());
        foreach (var inventory in inventories)
        {
            CloudInventoryNormalizer.Normalize(inventory, batch);
        }

        return new CloudImport(batch, inventories.Sum(i => i.Identities.Count), inventories.Sum(i => i.Resources.Count), inventories.Sum(i => i.Identities.Sum(x => x.Permissions.Count)));
    }
}

public sealed record CloudImport(GraphBatch Batch, int Identities, int Resources, int Grants);
