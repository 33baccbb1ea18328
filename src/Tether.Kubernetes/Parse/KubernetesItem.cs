using k8s;
using k8s.Models;

namespace Tether.Kubernetes.Parse;

/// <summary>
/// One Kubernetes object read from a file or the API, typed by the official client's models
/// (<see cref="V1Pod"/>, <see cref="V1Deployment"/>, …).
/// </summary>
/// <param name="Object">The typed object.</param>
/// <param name="Kind">Its kind (<c>Pod</c>, <c>Deployment</c>…), also for API list items that omit it.</param>
/// <param name="Source">The file path or API URL it came from, for messages.</param>
/// <param name="Location">Where in the source: <c>items[3]</c>, <c>document[1]</c>, <c>document[0].items[2]</c>.</param>
/// <param name="Document">Evidence document: the object's uid, else <c>{file sha256}#{location}</c>.</param>
public sealed record KubernetesItem(
    IKubernetesObject<V1ObjectMeta> Object,
    string Kind,
    string Source,
    string Location,
    string Document)
{
    public string Name => Object.Metadata?.Name ?? "";

    /// <summary>The object's namespace; <c>default</c> when a namespaced manifest leaves it out, as kubectl apply would.</summary>
    public string Namespace => string.IsNullOrEmpty(Object.Metadata?.NamespaceProperty) ? "default" : Object.Metadata.NamespaceProperty;

    /// <summary>An item from the API server: the document is its uid.</summary>
    public static KubernetesItem FromApi(IKubernetesObject<V1ObjectMeta> obj, string kind, string source)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var uid = obj.Metadata?.Uid;
        var location = $"{kind}/{obj.Metadata?.NamespaceProperty}/{obj.Metadata?.Name}";
        return new KubernetesItem(obj, kind, source, location, string.IsNullOrEmpty(uid) ? source + "#" + location : uid);
    }
}
