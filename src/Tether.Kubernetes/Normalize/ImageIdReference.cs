using Tether.Core.Identity;

namespace Tether.Kubernetes.Normalize;

/// <summary>
/// What <c>status.containerStatuses[].imageID</c> says about the image a container runs. Runtimes write it
/// differently: Docker (dockershim) <c>docker-pullable://repo@sha256:…</c> — the repo digest, i.e. the manifest
/// (or index) digest the image was pulled by; containerd and CRI-O <c>repo@sha256:…</c>, the same; but an image
/// that was never pulled by digest (built on the node, loaded with <c>docker load</c>/<c>kind load</c>) shows as
/// <c>docker://sha256:…</c> or a bare <c>sha256:…</c>, which is the image <em>config</em> digest — not a manifest
/// digest, so it must never key an image node.
/// </summary>
/// <param name="ManifestDigest">The manifest digest, when the runtime reported a repo digest.</param>
/// <param name="Repository">The repository part of a repo digest (<c>gcr.io/google_containers/hyperkube</c>).</param>
/// <param name="ConfigId">An image config digest reported instead of a manifest digest.</param>
public sealed record ImageIdReference(string? ManifestDigest, string? Repository, string? ConfigId)
{
    public static ImageIdReference? Parse(string? imageId)
    {
        if (string.IsNullOrWhiteSpace(imageId))
        {
            return null;
        }

        var text = imageId.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }

        var at = text.LastIndexOf('@');
        if (at > 0)
        {
            return Digest.TryParse(text[(at + 1)..], out var manifest)
                ? new ImageIdReference(manifest, text[..at], null)
                : null;
        }

        return Digest.TryParse(text, out var config) ? new ImageIdReference(null, null, config) : null;
    }
}
