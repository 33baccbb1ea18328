namespace Tether.Core.Graph;

/// <summary>Relationship types. Each is read "FROM type TO".</summary>
public static class EdgeTypes
{
    // Source
    public const string InRepository = "in_repository";          // commit -> repository; dockerfile -> commit
    public const string AtCommit = "at_commit";                  // dockerfile -> commit

    // Pipeline
    public const string Built = "built";                         // pipeline_run -> image
    public const string BuiltFrom = "built_from";                // pipeline_run -> commit; image -> commit (oci label)
    public const string UsedDockerfile = "used_dockerfile";      // pipeline_run -> dockerfile
    public const string SourcedFrom = "sourced_from";            // image -> repository (oci label without revision)
    public const string Attests = "attests";                     // attestation -> image
    public const string Describes = "describes";                 // attestation -> pipeline_run

    // Registry
    public const string ResolvesTo = "resolves_to";              // image_reference -> image
    public const string HasManifest = "has_manifest";            // image (index) -> image (platform manifest)
    public const string HasLayer = "has_layer";                  // image -> layer
    public const string ContainsPackage = "contains_package";    // layer -> package; image -> package when the layer is unknown
    public const string BaseImage = "base_image";                // image -> the image it was built on

    // Runtime
    public const string Contains = "contains";                   // cluster -> namespace; namespace -> pod/workload/service/…
    public const string OwnedBy = "owned_by";                    // pod -> workload; workload (ReplicaSet) -> workload (Deployment)
    public const string HasContainer = "has_container";          // pod -> container
    public const string RunsImage = "runs_image";                // container -> image
    public const string Selects = "selects";                     // service -> pod; network_policy -> pod
    public const string RoutesTo = "routes_to";                  // ingress -> service; gateway_route -> service
    public const string RunsAs = "runs_as";                      // pod -> service_account
    public const string AttachesTo = "attaches_to";              // gateway_route -> gateway (parentRefs)
    public const string AssumesIdentity = "assumes_identity";    // service_account -> cloud_identity (workload identity annotation)

    // Cloud
    public const string HasPermission = "has_permission";        // cloud_identity -> cloud_resource

    // Vulnerabilities
    public const string HasFinding = "has_finding";              // image -> finding
    public const string OfVulnerability = "of_vulnerability";    // finding / vulnerability_match -> vulnerability
    public const string HasMatch = "has_match";                  // package -> vulnerability_match
    public const string Records = "records";                     // finding_event -> vulnerability_match
}
