using YamlDotNet.RepresentationModel;
using Xunit;

namespace Tether.Server.Tests;

/// <summary>deploy/kubernetes: every document parses, the RBAC only reads, and the Deployment runs <c>tether serve</c> with its probes.</summary>
public sealed class DeploymentManifestTests
{
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];

    private static List<YamlMappingNode> Documents()
    {
        var documents = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "deploy"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(file);
            stream.Load(reader);
            documents.AddRange(stream.Documents.Select(d => (YamlMappingNode)d.RootNode));
        }

        return documents;
    }

    private static string Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node)[key];
        }

        return ((YamlScalarNode)node).Value!;
    }

    [Fact]
    public void Every_manifest_parses_with_a_kind_and_a_name()
    {
        var kinds = Documents().Select(d => Scalar(d, "kind")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment", "Namespace", "Service", "ServiceAccount"], kinds);
        Assert.All(Documents(), d => Assert.False(string.IsNullOrEmpty(Scalar(d, "metadata", "name"))));
    }

    [Fact]
    public void The_cluster_role_only_reads_and_covers_the_runtime_kinds()
    {
        var role = Documents().Single(d => Scalar(d, "kind") == "ClusterRole");
        var resources = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlMappingNode rule in (YamlSequenceNode)role["rules"])
        {
            var verbs = ((YamlSequenceNode)rule["verbs"]).Select(v => ((YamlScalarNode)v).Value!).ToList();
            Assert.All(verbs, v => Assert.Contains(v, ReadVerbs));
            var groups = ((YamlSequenceNode)rule["apiGroups"]).Select(g => ((YamlScalarNode)g).Value!).ToList();
            foreach (var resource in ((YamlSequenceNode)rule["resources"]).Select(r => ((YamlScalarNode)r).Value!))
            {
                resources.UnionWith(groups.Select(g => $"{g}/{resource}"));
            }
        }

        foreach (var needed in new[]
        {
            "/pods", "apps/replicasets", "apps/deployments", "apps/statefulsets", "apps/daemonsets", "batch/jobs", "batch/cronjobs", "/services",
            "networking.k8s.io/ingresses", "/namespaces", "/nodes", "/serviceaccounts", "gateway.networking.k8s.io/httproutes",
        })
        {
            Assert.Contains(needed, resources);
        }
    }

    [Fact]
    public void The_deployment_serves_with_probes_on_healthz_and_readyz_and_takes_the_store_from_a_secret()
    {
        var deployment = Documents().Single(d => Scalar(d, "kind") == "Deployment");
        var container = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)deployment["spec"])["template"])["spec"]["containers"])[0];
        Assert.Equal("serve", ((YamlScalarNode)((YamlSequenceNode)container["args"])[0]).Value);
        Assert.Equal("/healthz", Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/readyz", Scalar(container, "readinessProbe", "httpGet", "path"));
        var env = (YamlMappingNode)((YamlSequenceNode)container["env"])[0];
        Assert.Equal("TETHER_DB", Scalar(env, "name"));
        Assert.Equal("TETHER_DB", Scalar(env, "valueFrom", "secretKeyRef", "key"));
    }

    [Fact]
    public void The_bundled_config_is_a_valid_tether_serve_yaml()
    {
        var config = Documents().Single(d => Scalar(d, "kind") == "ConfigMap");
        var settings = Configuration.ServeConfigFile.Read(Scalar(config, "data", "tether-serve.yaml"), "config.yaml", new ServerSettings(["http://127.0.0.1:8080"]));
        Assert.Equal(["http://0.0.0.0:8080"], settings.Urls);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Collectors.Kubernetes!.Interval);
        Assert.Equal(["my-org/*"], settings.Oidc.AllowedRepositories);
    }
}
