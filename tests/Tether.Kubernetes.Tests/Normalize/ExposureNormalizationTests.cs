using Tether.Core.Graph;
using Tether.Core.Model;
using Xunit;

namespace Tether.Kubernetes.Tests.Normalize;

/// <summary>Services, ingresses, network policies, service accounts and workloads from the real fixtures.</summary>
public sealed class ExposureNormalizationTests
{
    private readonly FixtureGraph _graph = FixtureGraph.Of(Fixtures.All);

    [Fact]
    public void A_LoadBalancer_service_is_externally_reachable_with_its_node_ports()
    {
        var istio = _graph.Node<ServiceFacts>("demo/istio-system/istio-ingressgateway");

        Assert.Equal("LoadBalancer", istio.Type);
        Assert.True(istio.ExternallyReachable);
        Assert.Null(istio.ExternalAddresses);
        Assert.Equal(
            ["status-port 15021/TCP -> 15021 nodePort 32557", "http2 80/TCP -> 8080 nodePort 31714", "https 443/TCP -> 8443 nodePort 31885"],
            istio.Ports);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "istio-ingressgateway", ["istio"] = "ingressgateway" }, istio.Selector);
    }

    [Fact]
    public void A_ClusterIP_service_is_internal()
    {
        var svc1 = _graph.Node<ServiceFacts>("demo/edit-test/svc1");

        Assert.Equal("ClusterIP", svc1.Type);
        Assert.False(svc1.ExternallyReachable);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "svc1" }, svc1.Selector);
    }

    [Fact]
    public void The_ingress_routes_to_the_service_it_names_and_keeps_hosts_class_and_load_balancer()
    {
        var ingress = _graph.Node<IngressFacts>("demo/myapp-api/myapp-api-ig");
        var route = Assert.Single(_graph.From(NodeKinds.Ingress, ingress.Key, EdgeTypes.RoutesTo));

        Assert.Equal(new NodeRef(NodeKinds.Service, "demo/myapp-api/myapp-api-be"), route.To);
        Assert.Equal("f2aac534-c77b-4eca-9e32-2c45812a14c8", route.Evidence.Document);
        Assert.Equal("alb", ingress.IngressClass);
        Assert.Equal(["api.example.com", "api-production.example.com", "wss.example.com"], ingress.Hosts);
        Assert.Equal(["alb-public-123456789.us-east-1.elb.amazonaws.com"], ingress.LoadBalancerAddresses);
        Assert.False(ingress.Tls);
        Assert.Equal(["myapp-api-be:80", "myapp-wss-be:80"], ingress.Backends);
        Assert.Equal("internet-facing", ingress.Annotations!["alb.ingress.kubernetes.io/scheme"]);
        Assert.Contains(_graph.Result.Unresolved, u => u.Contains("myapp-wss-be", StringComparison.Ordinal));
        Assert.False(_graph.Has<ServiceFacts>("demo/myapp-api/myapp-wss-be"));
    }

    [Fact]
    public void The_synthetic_network_policy_is_an_ingress_and_egress_policy_that_admits_no_ingress()
    {
        var policy = _graph.Node<NetworkPolicyFacts>("demo/test/test-network-policy");

        Assert.Equal(["Ingress", "Egress"], policy.PolicyTypes);
        Assert.False(policy.AllowsAllIngress);
        Assert.Equal(new Dictionary<string, string> { ["purpose"] = "demonstrate-command" }, policy.PodSelector);
    }

    [Fact]
    public void The_service_account_keeps_automount_and_has_no_cloud_identity()
    {
        var account = _graph.Node<ServiceAccountFacts>("demo/default/default");

        Assert.False(account.AutomountToken);
        Assert.Null(account.CloudIdentity);
        Assert.Single(_graph.To(NodeKinds.ServiceAccount, account.Key, EdgeTypes.Contains));
    }

    [Fact]
    public void Deployments_keep_replicas_images_labels_and_their_namespace()
    {
        var nginx = _graph.Node<WorkloadFacts>("demo/edit-test/Deployment/nginx");
        var backend = _graph.Node<WorkloadFacts>("demo/myapp-api/Deployment/myapp-api-backend");

        Assert.Equal(3, nginx.Replicas);
        Assert.Equal(["gcr.io/kakaraparthy-devel/nginx:latest"], nginx.Images);
        Assert.Equal("nginx", nginx.Labels!["app"]);
        Assert.Equal(6, backend.Replicas);
        Assert.Equal(["123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-shared-services-myapp-api:prod-e8c1aabc8ab759665417770046bfa7d1a5a29b50"], backend.Images);
        Assert.Equal("demo/myapp-api", Assert.Single(_graph.To(NodeKinds.Workload, backend.Key, EdgeTypes.Contains)).From.Key);
    }

    [Fact]
    public void Objects_are_counted_per_kind()
    {
        Assert.Equal(
            new Dictionary<string, int> { ["Pod"] = 5, ["Deployment"] = 2, ["Service"] = 3, ["ServiceAccount"] = 1, ["NetworkPolicy"] = 1, ["Ingress"] = 1 },
            _graph.Result.ObjectsByKind);
    }

    [Fact]
    public void Services_and_network_policies_select_pods_of_their_namespace_by_labels()
    {
        var graph = FixtureGraph.Of(
            Fixtures.Parse(Fixtures.PodList),
            Fixtures.ParseText("""
                apiVersion: v1
                kind: Service
                metadata: {name: redis, namespace: default, uid: u-redis}
                spec: {selector: {app: redis}, ports: [{port: 6379}]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: redis-elsewhere, namespace: kube-system, uid: u-other}
                spec: {selector: {app: redis}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: dns, namespace: kube-system}
                spec:
                  podSelector:
                    matchExpressions: [{key: dns, operator: In, values: [coredns]}]
                  ingress: [{ports: [{port: 53, protocol: UDP}]}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: all, namespace: default}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """));

        var redis = Assert.Single(graph.From(NodeKinds.Service, "demo/default/redis", EdgeTypes.Selects));
        var dns = Assert.Single(graph.From(NodeKinds.NetworkPolicy, "demo/kube-system/dns", EdgeTypes.Selects));
        var all = Assert.Single(graph.From(NodeKinds.NetworkPolicy, "demo/default/all", EdgeTypes.Selects));

        Assert.Equal("demo/default/redis-unready-69cfd574f5-wg9vb", redis.To.Key);
        Assert.Equal(EvidenceMethods.LabelSelector, redis.Evidence.Method);
        Assert.Equal("u-redis", redis.Evidence.Document);
        Assert.Empty(graph.From(NodeKinds.Service, "demo/kube-system/redis-elsewhere", EdgeTypes.Selects));
        Assert.Equal("demo/kube-system/coredns-747dbcf5df-ks57g", dns.To.Key);
        Assert.True(graph.Node<NetworkPolicyFacts>("demo/kube-system/dns").AllowsAllIngress);
        Assert.Equal(["dns In (coredns)"], graph.Node<NetworkPolicyFacts>("demo/kube-system/dns").PodSelectorExpressions);
        Assert.Equal("demo/default/redis-unready-69cfd574f5-wg9vb", all.To.Key);
        Assert.False(graph.Node<NetworkPolicyFacts>("demo/default/all").AllowsAllIngress);
    }

    [Theory]
    [InlineData("azure.workload.identity/client-id", "8a2b0c9e-1111-2222-3333-444455556666", "azure")]
    [InlineData("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/s3-access", "aws")]
    [InlineData("iam.gke.io/gcp-service-account", "app@project.iam.gserviceaccount.com", "gcp")]
    public void Workload_identity_annotations_bind_a_cloud_identity(string annotation, string identity, string provider)
    {
        var graph = FixtureGraph.OfText($"""
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: app
              namespace: prod
              annotations: {"{"}"{annotation}": "{identity}"{"}"}
            automountServiceAccountToken: true
            """);

        var account = graph.Node<ServiceAccountFacts>("demo/prod/app");
        Assert.Equal(identity, account.CloudIdentity);
        Assert.Equal(provider, account.CloudIdentityProvider);
        Assert.True(account.AutomountToken);
    }

    [Fact]
    public void Jobs_are_owned_by_their_CronJob_and_NodePort_or_external_IPs_expose_a_service()
    {
        var graph = FixtureGraph.OfText("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: backup, namespace: ops, uid: u-cron}
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers: [{name: b, image: "registry.example.com/ops/backup:2"}]
                      restartPolicy: OnFailure
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: backup-29000000
              namespace: ops
              uid: u-job
              ownerReferences: [{apiVersion: batch/v1, kind: CronJob, name: backup, uid: u-cron, controller: true}]
            spec:
              template:
                spec:
                  containers: [{name: b, image: "registry.example.com/ops/backup:2"}]
                  restartPolicy: OnFailure
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: np, namespace: ops}
            spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: ext, namespace: ops}
            spec: {externalIPs: [203.0.113.7], ports: [{port: 443}]}
            """);

        var owner = Assert.Single(graph.From(NodeKinds.Workload, "demo/ops/Job/backup-29000000", EdgeTypes.OwnedBy));
        Assert.Equal("demo/ops/CronJob/backup", owner.To.Key);
        Assert.Equal(["registry.example.com/ops/backup:2"], graph.Node<WorkloadFacts>("demo/ops/CronJob/backup").Images);
        Assert.Equal("u-cron", graph.Node<WorkloadFacts>("demo/ops/CronJob/backup").Uid);
        Assert.True(graph.Node<ServiceFacts>("demo/ops/np").ExternallyReachable);
        Assert.True(graph.Node<ServiceFacts>("demo/ops/ext").ExternallyReachable);
        Assert.Equal(["203.0.113.7"], graph.Node<ServiceFacts>("demo/ops/ext").ExternalAddresses);
        Assert.Equal("ClusterIP", graph.Node<ServiceFacts>("demo/ops/ext").Type);
    }
}
