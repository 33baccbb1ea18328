namespace Tether.Core.Graph;

/// <summary>The kinds of node in the graph, grouped by layer. Keys are documented beside each kind's facts record.</summary>
public static class NodeKinds
{
    // Source
    public const string SourceRepository = "repository";
    public const string Commit = "commit";
    public const string Dockerfile = "dockerfile";

    // Pipeline
    public const string PipelineRun = "pipeline_run";
    public const string Attestation = "attestation";

    // Registry
    public const string Image = "image";
    public const string ImageReference = "image_reference";
    public const string Layer = "layer";
    public const string Package = "package";

    // Runtime
    public const string Cluster = "cluster";
    public const string Namespace = "namespace";
    public const string Workload = "workload";
    public const string Pod = "pod";
    public const string Container = "container";
    public const string Service = "service";
    public const string Ingress = "ingress";
    public const string NetworkPolicy = "network_policy";
    public const string ServiceAccount = "service_account";
    public const string Gateway = "gateway";
    public const string GatewayRoute = "gateway_route";

    // Cloud (ingested inventory, see docs/attack-paths.md)
    public const string CloudIdentity = "cloud_identity";
    public const string CloudResource = "cloud_resource";

    // Vulnerabilities
    public const string Vulnerability = "vulnerability";
    public const string Finding = "finding";
    public const string VulnerabilityMatch = "vulnerability_match";
    public const string FindingEvent = "finding_event";
}
