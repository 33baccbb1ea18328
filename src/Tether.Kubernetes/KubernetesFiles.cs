using Tether.Core.Errors;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Kubernetes.Normalize;
using Tether.Kubernetes.Parse;

namespace Tether.Kubernetes;

/// <summary>
/// Library entry for files: reads kubectl JSON/YAML files of one cluster into one <see cref="GraphBatch"/>
/// (collector <c>kubernetes</c>). Every file is parsed before anything is normalized, so bad input fails whole.
/// </summary>
public static class KubernetesFiles
{
    public const string Collector = "kubernetes";

    /// <summary>
    /// Parses <paramref name="paths"/> and normalizes their objects as cluster <paramref name="cluster"/>.
    /// With <paramref name="snapshot"/>, the batch declares itself the complete state of that cluster, so stored
    /// runtime nodes it lacks (deleted pods…) are ended when it is ingested.
    /// Throws <see cref="InputException"/> naming the file and item on bad input.
    /// </summary>
    public static async Task<KubernetesImport> ReadAsync(
        string cluster,
        IReadOnlyList<string> paths,
        TimeProvider time,
        bool snapshot = false,
        KubernetesParseLimits? limits = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(time);
        ClusterNames.Validate(cluster, "--cluster");
        limits ??= KubernetesParseLimits.Default;
        if (paths.Count == 0)
        {
            throw new InputException("arguments", null, "no Kubernetes files given.");
        }

        var parsed = new List<ParsedManifests>();
        foreach (var path in paths)
        {
            var bytes = await ReadFileAsync(path, limits, cancellationToken).ConfigureAwait(false);
            parsed.Add(KubernetesManifestParser.Parse(bytes, path, limits));
        }

        var batch = new GraphBatch(Collector, time.GetUtcNow());
        var result = KubernetesNormalizer.Normalize(new ClusterFacts(cluster), parsed.SelectMany(p => p.Items), batch);
        if (snapshot)
        {
            RuntimeSnapshot.Declare(batch, cluster, null);
        }

        var skipped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (kind, count) in parsed.SelectMany(p => p.Skipped))
        {
            skipped[kind] = skipped.GetValueOrDefault(kind) + count;
        }

        return new KubernetesImport(batch, result.ObjectsByKind, skipped, result.Unresolved);
    }

    private static async Task<byte[]> ReadFileAsync(string path, KubernetesParseLimits limits, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new InputException(path, null, "does not exist.");
        }

        if (file.Length > limits.MaxFileBytes)
        {
            throw new InputException(path, null, $"{file.Length} bytes is over the {limits.MaxFileBytes}-byte limit for a Kubernetes file.");
        }

        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, null, "cannot be read: " + e.Message, e);
        }
    }
}

/// <summary>The batch built from files, with what it held: objects per kind, skipped kinds, links left unmade.</summary>
public sealed record KubernetesImport(
    GraphBatch Batch,
    IReadOnlyDictionary<string, int> ObjectsByKind,
    IReadOnlyDictionary<string, int> SkippedKinds,
    IReadOnlyList<string> Unresolved);
