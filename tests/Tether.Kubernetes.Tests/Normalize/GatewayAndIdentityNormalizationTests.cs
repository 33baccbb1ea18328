using Tether.Core.Errors;
using Tether.Core.Graph;
using Tether.Core.Model;
using Tether.Core.Risk;
using Tether.Core.Trace;
using Tether.Kubernetes.Parse;
using Tether.Storage.Sqlite;
using Tether.Testing;
using Xunit;

namespace Tether.Kubernetes.Tests.Normalize;

/// <summary>
/// Gateway API objects, workload identity annotations and host paths from a hand-written manifest in kubectl's format
/// (testdata/gateway-api-workload-identity.yaml), and the real serviceaccount-default.json fixture.
/// </summary>
public sealed class GatewayAndIdentityNormalizationTests : IDisposable
{
    private static readonly string Manifest = Path.Combine(AppContext.BaseDirectory, "testdata", "gateway-api-workload-identity.yaml");
    private readonly FixtureGraph _graph = FixtureGraph.Of(KubernetesManifestParser.Parse(File.ReadAllBytes(Manifest), Manifest));
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_Gateway_keeps_its_class_listeners_addresses_and_infrastructure_annotations()
    {
        var gateway = _graph.Node<GatewayFacts>("demo/shop/public");
        var internalGateway = _graph.Node<GatewayFacts>("demo/backoffice/internal");

        Assert.Equal("eg", gateway.GatewayClass);
        Assert.Equal(["https HTTPS/443 shop.example.com"], gateway.Listeners);
        Assert.Equal(["20.31.7.18"], gateway.Addresses);
        Assert.Equal("5c1d9a8e-2f4b-4a77-8e0c-3b7f6d2a9e11", gateway.Uid);
        Assert.Equal("true", internalGateway.Annotations!["service.beta.kubernetes.io/azure-load-balancer-internal"]);
        Assert.True(GatewayExposureRules.IsInternetFacing(gateway));
        Assert.Equal("annotation service.beta.kubernetes.io/azure-load-balancer-internal=true", GatewayExposureRules.InternalBecause(internalGateway));
    }

    [Fact]
    public void A_route_attaches_to_its_parent_Gateway_and_routes_to_its_backend_Service_with_the_route_uid_as_evidence()
    {
        var route = _graph.Node<GatewayRouteFacts>("demo/shop/HTTPRoute/web");
        var attach = Assert.Single(_graph.From(NodeKinds.GatewayRoute, route.Key, EdgeTypes.AttachesTo));
        var backend = Assert.Single(_graph.From(NodeKinds.GatewayRoute, route.Key, EdgeTypes.RoutesTo));

        Assert.Equal(new NodeRef(NodeKinds.Gateway, "demo/shop/public"), attach.To);
        Assert.Equal(new NodeRef(NodeKinds.Service, "demo/shop/web"), backend.To);
        Assert.Equal("9a3e7f10-6c2d-4b5e-8f41-2d9c0b7a6e22", backend.Evidence.Document);
        Assert.Equal(EvidenceMethods.KubernetesApi, backend.Evidence.Method);
        Assert.Equal(["shop.example.com"], route.Hostnames);
        Assert.Equal(["shop/public/https"], route.Parents);
        Assert.Equal(["shop/web:8080"], route.Backends);
    }

    [Fact]
    public void A_parent_Gateway_missing_from_the_input_is_reported_not_invented()
    {
        var grpc = _graph.Node<GatewayRouteFacts>("demo/backoffice/GRPCRoute/admin");

        Assert.Single(_graph.From(NodeKinds.GatewayRoute, grpc.Key, EdgeTypes.AttachesTo));
        Assert.Contains(_graph.Result.Unresolved, u => u == "GRPCRoute backoffice/admin attaches to Gateway other/elsewhere, which is not in the input.");
        Assert.False(_graph.Has<GatewayFacts>("demo/other/elsewhere"));
    }

    [Theory]
    [InlineData("shop/web", "azure", "azure:7c1b2e3d-4f5a-6b7c-8d9e-0a1b2c3d4e5f")]
    [InlineData("backoffice/exporter", "aws", "aws:arn:aws:iam::123456789012:role/BackofficeExporter")]
    [InlineData("backoffice/reporter", "gcp", "gcp:reporter@contoso-prod.iam.gserviceaccount.com")]
    public void A_workload_identity_annotation_links_the_service_account_to_a_cloud_identity(string account, string provider, string identity)
    {
        var facts = _graph.Node<ServiceAccountFacts>("demo/" + account);
        var edge = Assert.Single(_graph.From(NodeKinds.ServiceAccount, facts.Key, EdgeTypes.AssumesIdentity));

        Assert.Equal(provider, facts.CloudIdentityProvider);
        Assert.Equal(new NodeRef(NodeKinds.CloudIdentity, identity), edge.To);
        Assert.Equal(EvidenceMethods.KubernetesApi, edge.Evidence.Method);
        Assert.True(_graph.Has<CloudIdentityFacts>(identity));
    }

    [Fact]
    public void The_real_default_service_account_has_no_cloud_identity_and_no_token_automount()
    {
        var graph = FixtureGraph.Of(Fixtures.ServiceAccount);
        var account = graph.Node<ServiceAccountFacts>("demo/default/default");

        Assert.False(account.AutomountToken);
        Assert.Null(account.CloudIdentity);
        Assert.Empty(graph.From(NodeKinds.ServiceAccount, account.Key, EdgeTypes.AssumesIdentity));
    }

    [Fact]
    public void A_container_lists_only_the_host_paths_it_mounts()
    {
        var admin = _graph.Node<ContainerFacts>("demo/backoffice/admin-0/admin");
        var shipper = _graph.Node<ContainerFacts>("demo/backoffice/admin-0/shipper");

        Assert.Equal(["/var/run/docker.sock"], admin.HostPathMounts);
        Assert.Equal(["/srv/app-logs"], shipper.HostPathMounts);
        Assert.Equal(["NET_ADMIN", "SYS_PTRACE"], admin.AddedCapabilities);
    }

    [Fact]
    public void A_backend_name_that_would_break_a_key_is_refused_with_its_field()
    {
        var text = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: evil, namespace: shop}
            spec:
              parentRefs: [{name: public}]
              rules:
              - backendRefs: [{name: "web/../../x", port: 80}]
            """;

        var error = Assert.Throws<InputException>(() => Fixtures.ParseText(text, "evil.yaml"));

        Assert.Equal("evil.yaml", error.Source);
        Assert.Equal("document[0].spec.rules[0].backendRefs[0].name", error.Field);
    }

    [Fact]
    public async Task The_trace_shows_exposure_through_the_public_Gateway_and_the_identity_the_pod_receives()
    {
        var import = await KubernetesFiles.ReadAsync("aks-shop", [Manifest], new ManualClock());
        await using var store = await SqliteGraphStore.OpenAsync(_dir.File("g.db"), new ManualClock());
        await store.IngestAsync(import.Batch);

        var web = Assert.Single((await new TraceEngine(store).TraceAsync("sha256:" + new string('a', 64))).Images).Runtime.Single();
        var admin = (await new TraceEngine(store).TraceAsync("sha256:" + new string('b', 64))).Images.Single().Runtime.Single();

        var exposure = Assert.Single(web.Exposure);
        Assert.Equal(new ExposureView("Gateway/HTTPRoute", "shop/public → shop/web", "shop.example.com 20.31.7.18"), exposure);
        Assert.Equal("production", web.Environment);
        Assert.NotNull(web.Identity);
        Assert.Equal("azure:7c1b2e3d-4f5a-6b7c-8d9e-0a1b2c3d4e5f", web.Identity.Key);
        Assert.True(web.Identity.Held);
        Assert.False(web.Identity.KubernetesTokenMounted);
        Assert.Equal(PrivilegeTier.None, web.Privilege.Assessment.Tier);

        // The internal Gateway exposes nothing; the host network does.
        Assert.Equal("HostNetwork", Assert.Single(admin.Exposure).Kind);
        Assert.Equal(PrivilegeTier.Host, admin.Privilege.Assessment.Tier);
        Assert.Equal(["hostNetwork", "capability NET_ADMIN", "capability SYS_PTRACE", "hostPath /var/run/docker.sock"], admin.Privilege.Assessment.Reasons);
        Assert.Equal("aws:arn:aws:iam::123456789012:role/BackofficeExporter", admin.Identity!.Key);
        Assert.True(admin.Identity.Held);
        Assert.True(admin.Identity.KubernetesTokenMounted);
    }
}
