using System.Text;
using Tether.Kubernetes.Parse;
using Tether.Testing;

namespace Tether.Kubernetes.Tests;

/// <summary>The real Kubernetes payloads in shared/testdata/kubernetes (see SOURCES.md there).</summary>
internal static class Fixtures
{
    public const string PodList = "podlist-kubelet-container-ready.json";
    public const string Deployment = "deployment-nginx.json";
    public const string ServiceClusterIp = "service-clusterip-svc1.json";
    public const string ServiceLoadBalancer = "service-loadbalancer-istio-ingressgateway.yaml";
    public const string ServiceAccount = "serviceaccount-default.json";
    public const string NetworkPolicy = "networkpolicy-synthetic.yml";
    public const string ChainIngress = "ingress-chain/ingress.yaml";
    public const string ChainService = "ingress-chain/service.yaml";
    public const string ChainDeployment = "ingress-chain/deployment.yaml";

    public static readonly string[] All =
        [PodList, Deployment, ServiceClusterIp, ServiceLoadBalancer, ServiceAccount, NetworkPolicy, ChainIngress, ChainService, ChainDeployment];

    public static string Path(string name) => TestData.Shared(["kubernetes", .. name.Split('/')]);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    public static string Text(string name) => File.ReadAllText(Path(name));

    public static ParsedManifests Parse(string name) => KubernetesManifestParser.Parse(Bytes(name), Path(name));

    public static ParsedManifests ParseText(string text, string source = "test.yaml", KubernetesParseLimits? limits = null) =>
        KubernetesManifestParser.Parse(Encoding.UTF8.GetBytes(text), source, limits);
}
