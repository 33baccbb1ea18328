namespace Tether.Core.Graph;

/// <summary>
/// Why an edge exists: which collector saw it, in which document (digest or API object uid),
/// how the link was established, how much we trust it, and when it was observed.
/// </summary>
public sealed record Evidence(
    string Collector,
    string Method,
    double Confidence,
    DateTimeOffset ObservedAt,
    string? Document = null);

/// <summary>How a link was established, strongest first.</summary>
public static class EvidenceMethods
{
    /// <summary>Signed in-toto/SLSA provenance whose signature was checked.</summary>
    public const string AttestedProvenance = "attested-provenance";
    /// <summary>In-toto/SLSA provenance read without checking its signature.</summary>
    public const string UnverifiedProvenance = "unverified-provenance";
    /// <summary>Reported by the CI step itself (`tether ci report`).</summary>
    public const string CiReport = "ci-report";
    /// <summary>Read from the registry's manifests (tag resolution, index membership).</summary>
    public const string RegistryManifest = "registry-manifest";
    /// <summary>Read from the Kubernetes API (object fields, status.containerStatuses[].imageID).</summary>
    public const string KubernetesApi = "kubernetes-api";
    /// <summary>Derived from Kubernetes label selectors (Service -> Pod, NetworkPolicy -> Pod).</summary>
    public const string LabelSelector = "label-selector";
    /// <summary>Image config labels such as org.opencontainers.image.revision.</summary>
    public const string OciLabel = "oci-label";
    /// <summary>A scanner's report (Trivy, Grype) attached by image digest.</summary>
    public const string ScannerReport = "scanner-report";
    /// <summary>Tether read the image's layers itself (<c>tether scan</c>): packages from their databases, per layer.</summary>
    public const string ImageScan = "image-scan";
    /// <summary>An image's bottom layers are, diff id for diff id, all the layers of another stored image (its base).</summary>
    public const string LayerPrefix = "layer-prefix";
    /// <summary>Tether matched the package version against an OSV advisory's affected ranges.</summary>
    public const string AdvisoryMatch = "osv-match";
    /// <summary>A cloud inventory document the user ingested (<c>tether ingest cloud</c>): identities, grants, resources.</summary>
    public const string CloudInventory = "cloud-inventory";
    /// <summary>A guess from names only; shown, never trusted silently.</summary>
    public const string Heuristic = "heuristic";
}
