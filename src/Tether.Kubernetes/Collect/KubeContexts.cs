using k8s;
using k8s.Exceptions;
using Tether.Core.Errors;

namespace Tether.Kubernetes.Collect;

/// <summary>A cluster to collect: the kube context it is reached through and the name its nodes are keyed by.</summary>
public sealed record KubeTarget(string Cluster, string Context, KubernetesClientConfiguration Configuration);

/// <summary>Resolves kube contexts from a kubeconfig file (<c>--kubeconfig</c>, else <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>).</summary>
public static class KubeContexts
{
    public static async Task<IReadOnlyList<KubeTarget>> ResolveAsync(string? kubeconfig, IReadOnlyList<string> contexts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var path = kubeconfig
            ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (!File.Exists(path))
        {
            throw new InputException(path, null, "kubeconfig file does not exist.");
        }

        k8s.KubeConfigModels.K8SConfiguration config;
        try
        {
            config = await KubernetesClientConfiguration.LoadKubeConfigAsync(new FileInfo(path)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubeConfigException or YamlDotNet.Core.YamlException or IOException)
        {
            throw new InputException(path, null, "is not a readable kubeconfig: " + e.Message, e);
        }

        var names = contexts.Count > 0 ? contexts : [config.CurrentContext ?? throw new InputException(path, "current-context", "is not set; pass --context.")];
        var targets = new List<KubeTarget>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (config.Contexts?.Any(c => c.Name == name) != true)
            {
                throw new InputException(path, "contexts", $"has no context '{name}'.");
            }

            var cluster = ClusterNames.FromContext(name);
            ClusterNames.Validate(cluster, "--context");
            try
            {
                targets.Add(new KubeTarget(cluster, name, KubernetesClientConfiguration.BuildConfigFromConfigObject(config, name)));
            }
            catch (KubeConfigException e)
            {
                throw new InputException(path, $"contexts[{name}]", e.Message, e);
            }
        }

        return targets;
    }
}
