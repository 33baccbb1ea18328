using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using Tether.Core.Errors;
using Tether.Core.Identity;
using Tether.Core.Parsing;

namespace Tether.Kubernetes.Parse;

/// <summary>
/// Reads what <c>kubectl get … -o json|yaml</c> prints, and manifests: a single object, a typed list
/// (<c>PodList</c>…), a <c>kind: List</c> of mixed objects, or a multi-document YAML stream. Pure: bytes in,
/// typed objects out. Unsupported kinds are skipped and counted; malformed input is an
/// <see cref="InputException"/> naming the file and the item (<c>$.items[3].spec.containers[0].ports[0].containerPort</c>).
/// </summary>
public static class KubernetesManifestParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ParsedManifests Parse(ReadOnlyMemory<byte> content, string source, KubernetesParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= KubernetesParseLimits.Default;
        if (content.Length > limits.MaxFileBytes)
        {
            throw new InputException(source, null, $"{content.Length} bytes is over the {limits.MaxFileBytes}-byte limit for a Kubernetes file.");
        }

        var reader = new Reader(source, Digest.Sha256(content.Span), limits);
        var text = SkipBom(content);
        var first = FirstNonWhitespace(text.Span);
        if (first is (byte)'{' or (byte)'[' && !LooksLikeYamlFlow(text, source))
        {
            using var json = BoundedJson.Parse(text, source, limits.MaxFileBytes);
            reader.ReadDocument(json.RootElement, "$");
        }
        else if (first is null)
        {
            throw new InputException(source, null, "is empty.");
        }
        else
        {
            string yaml;
            try
            {
                yaml = StrictUtf8.GetString(text.Span);
            }
            catch (DecoderFallbackException e)
            {
                throw new InputException(source, $"byte {e.Index}", "is not UTF-8 text.", e);
            }

            var documents = YamlToJson.ConvertAll(yaml, source, limits);
            for (var i = 0; i < documents.Count; i++)
            {
                if (documents[i] is { } document)
                {
                    reader.ReadDocument(JsonSerializer.SerializeToElement(document), $"document[{i}]");
                }
            }
        }

        return new ParsedManifests(source, reader.Sha256, reader.Items, reader.Skipped);
    }

    /// <summary>
    /// A <c>.yaml</c>/<c>.yml</c> file that starts with a flow mapping (<c>{apiVersion: v1, …}</c>) is YAML, not JSON;
    /// valid JSON is valid YAML too, so such files are read as YAML when JSON would reject them.
    /// </summary>
    private static bool LooksLikeYamlFlow(ReadOnlyMemory<byte> text, string source)
    {
        if (!source.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && !source.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = BoundedJson.MaxDepth });
            return false;
        }
        catch (JsonException)
        {
            return true;
        }
    }

    private static ReadOnlyMemory<byte> SkipBom(ReadOnlyMemory<byte> content) =>
        content.Span.StartsWith("\uFEFF"u8) ? content[3..] : content;

    private static byte? FirstNonWhitespace(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return b;
            }
        }

        return null;
    }

    /// <summary>State of one file being read: the items so far, the skipped counts, the item budget.</summary>
    private sealed class Reader(string source, string sha256, KubernetesParseLimits limits)
    {
        public string Sha256 { get; } = sha256;
        public List<KubernetesItem> Items { get; } = [];
        public Dictionary<string, int> Skipped { get; } = new(StringComparer.Ordinal);
        private int _seen;

        public void ReadDocument(JsonElement element, string location)
        {
            RequireObject(element, location);
            var apiVersion = BoundedJson.RequiredString(element, "apiVersion", source, location);
            var kind = BoundedJson.RequiredString(element, "kind", source, location);
            if (IsList(element, kind))
            {
                if (!element.TryGetProperty("items", out var items) || items.ValueKind == JsonValueKind.Null)
                {
                    return;
                }

                if (items.ValueKind != JsonValueKind.Array)
                {
                    throw new InputException(source, $"{location}.items", $"must be an array, not {items.ValueKind}.");
                }

                // A typed list (PodList) names its items' kind; API servers leave kind/apiVersion out of list items.
                var itemKind = kind == "List" ? null : kind[..^"List".Length];
                var index = 0;
                foreach (var item in items.EnumerateArray())
                {
                    var itemLocation = $"{location}.items[{index++}]";
                    RequireObject(item, itemLocation);
                    var itemApiVersion = BoundedJson.OptionalString(item, "apiVersion", source, itemLocation) ?? (itemKind is null ? null : apiVersion);
                    var ownKind = BoundedJson.OptionalString(item, "kind", source, itemLocation) ?? itemKind;
                    if (itemApiVersion is null || ownKind is null)
                    {
                        throw new InputException(source, $"{itemLocation}.{(itemApiVersion is null ? "apiVersion" : "kind")}", "is required in a kind: List.");
                    }

                    ReadItem(item, itemApiVersion, ownKind, itemLocation);
                }

                return;
            }

            ReadItem(element, apiVersion, kind, location);
        }

        private static bool IsList(JsonElement element, string kind) =>
            kind == "List" || (kind.EndsWith("List", StringComparison.Ordinal) && kind.Length > 4 && element.TryGetProperty("items", out _));

        private void ReadItem(JsonElement element, string apiVersion, string kind, string location)
        {
            if (++_seen > limits.MaxItems)
            {
                throw new InputException(source, location, $"more than {limits.MaxItems} objects in one file.");
            }

            if (SupportedKinds.IsSupported(apiVersion, kind))
            {
                RejectNullElements(element, location);
            }

            IKubernetesObject<V1ObjectMeta>? obj;
            try
            {
                obj = SupportedKinds.Read(apiVersion, kind, element);
            }
            catch (JsonException e)
            {
                throw new InputException(source, location + (e.Path is { Length: > 1 } path ? path[1..] : ""), "has a value of the wrong type: " + FirstSentence(e.Message), e);
            }
            catch (NotSupportedException e)
            {
                // The int-or-string and quantity converters refuse an object or array this way; the serializer adds the path to the message.
                throw new InputException(source, location + PathIn(e.Message), "has a value of the wrong type: a number or a string is expected.", e);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException or ArgumentException)
            {
                // Converters for quantities, int-or-string and timestamps throw these on malformed text.
                throw new InputException(source, location, "has a malformed value: " + e.Message, e);
            }

            if (obj is null)
            {
                var key = $"{apiVersion}/{kind}";
                Skipped[key] = Skipped.GetValueOrDefault(key) + 1;
                return;
            }

            if (string.IsNullOrEmpty(obj.Metadata?.Name))
            {
                throw new InputException(source, $"{location}.metadata.name", "is required.");
            }

            ObjectNames.Validate(obj, kind, source, location);

            obj.ApiVersion ??= apiVersion;
            obj.Kind ??= kind;
            var uid = obj.Metadata.Uid;
            Items.Add(new KubernetesItem(obj, kind, source, location, string.IsNullOrEmpty(uid) ? $"{Sha256}#{location}" : uid));
        }

        private void RequireObject(JsonElement element, string location)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new InputException(source, location, $"must be a Kubernetes object (apiVersion, kind, metadata), not {element.ValueKind}.");
            }
        }

        /// <summary>
        /// A null list entry (<c>containers: [null]</c>, a YAML <c>-</c> with nothing after it) would reach the
        /// normalizer as a null object; the API server refuses such objects too, so it is refused here, by path.
        /// </summary>
        private void RejectNullElements(JsonElement element, string location)
        {
            if (NullElementIn(element) is { } path)
            {
                throw new InputException(source, location + path, "must not be null.");
            }
        }

        /// <summary>The path (<c>.spec.containers[0]</c>) of the first null array entry, or null; strings are built only for a hit.</summary>
        private static string? NullElementIn(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (NullElementIn(property.Value) is { } path)
                        {
                            return "." + property.Name + path;
                        }
                    }

                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var entry in element.EnumerateArray())
                    {
                        if (entry.ValueKind == JsonValueKind.Null)
                        {
                            return $"[{index}]";
                        }

                        if (NullElementIn(entry) is { } path)
                        {
                            return $"[{index}]{path}";
                        }

                        index++;
                    }

                    break;
            }

            return null;
        }

        /// <summary>The JSON path System.Text.Json puts in its messages (<c>Path: $.spec.ports[0].targetPort |</c>), without the <c>$</c>.</summary>
        private static string PathIn(string message)
        {
            var start = message.IndexOf(" Path: $", StringComparison.Ordinal);
            if (start < 0)
            {
                return "";
            }

            start += " Path: $".Length;
            var end = message.IndexOf(' ', start);
            return end < 0 ? message[start..] : message[start..end];
        }

        private static string FirstSentence(string message)
        {
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            return cut > 0 ? message[..cut] : message;
        }
    }
}
