using System.Text.Json;
using Tether.Core.Errors;
using Tether.Core.Identity;
using Tether.Core.Parsing;
using Tether.Core.Risk;

namespace Tether.Cloud.Parse;

/// <summary>
/// Reads a cloud inventory document (docs/attack-paths.md). Pure: bytes in, records out. Bounded in size, depth, counts
/// and string lengths; every error is an <see cref="InputException"/> naming the file and the JSON path
/// (<c>$.identities[2].permissions[0].resource</c>). A grant must name a resource listed in <c>resources</c>, so a
/// typo cannot silently drop a path.
/// </summary>
public static class CloudInventoryParser
{
    public const int FormatVersion = 1;

    private static readonly HashSet<string> Providers = new(StringComparer.Ordinal) { WorkloadIdentityRules.Azure, WorkloadIdentityRules.Aws, WorkloadIdentityRules.Gcp };

    public static CloudInventory Parse(ReadOnlyMemory<byte> content, string source, CloudInventoryLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= CloudInventoryLimits.Default;
        using var document = BoundedJson.Parse(content, source, limits.MaxBytes);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InputException(source, "$", $"must be an object with identities and resources, not {root.ValueKind}.");
        }

        var reader = new Reader(source, limits);
        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != FormatVersion)
        {
            throw new InputException(source, "$.version", $"must be {FormatVersion} (the Tether cloud inventory format version).");
        }

        var resources = reader.Array(root, "resources", "$", limits.MaxResources, reader.Resource);
        var identities = reader.Array(root, "identities", "$", limits.MaxIdentities, reader.Identity);

        var resourceIds = new HashSet<(string, string)>();
        for (var i = 0; i < resources.Count; i++)
        {
            if (!resourceIds.Add((resources[i].Provider, resources[i].Id)))
            {
                throw new InputException(source, $"$.resources[{i}].id", $"'{resources[i].Id}' is listed twice.");
            }
        }

        var identityIds = new HashSet<(string, string)>();
        for (var i = 0; i < identities.Count; i++)
        {
            var identity = identities[i];
            if (!identityIds.Add((identity.Provider, identity.Id)))
            {
                throw new InputException(source, $"$.identities[{i}].id", $"'{identity.Id}' is listed twice.");
            }

            for (var p = 0; p < identity.Permissions.Count; p++)
            {
                if (!resourceIds.Contains((identity.Provider, identity.Permissions[p].Resource)))
                {
                    throw new InputException(source, $"$.identities[{i}].permissions[{p}].resource", $"'{identity.Permissions[p].Resource}' is not a {identity.Provider} resource listed in resources.");
                }
            }
        }

        return new CloudInventory(source, Digest.Sha256(content.Span), identities, resources);
    }

    private sealed class Reader(string source, CloudInventoryLimits limits)
    {
        public List<T> Array<T>(JsonElement parent, string name, string path, int max, Func<JsonElement, string, T> read)
        {
            var field = $"{path}.{name}";
            if (!parent.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                throw new InputException(source, field, $"must be an array, not {array.ValueKind}.");
            }

            if (array.GetArrayLength() > max)
            {
                throw new InputException(source, field, $"has {array.GetArrayLength()} entries, over the limit of {max}.");
            }

            var list = new List<T>(array.GetArrayLength());
            var index = 0;
            foreach (var entry in array.EnumerateArray())
            {
                var at = $"{field}[{index++}]";
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    throw new InputException(source, at, $"must be an object, not {entry.ValueKind}.");
                }

                list.Add(read(entry, at));
            }

            return list;
        }

        public CloudResourceRecord Resource(JsonElement element, string at)
        {
            var provider = Provider(element, at);
            return new CloudResourceRecord(
                provider,
                Required(element, "id", at),
                Optional(element, "name", at),
                Optional(element, "type", at),
                Optional(element, "sensitivity", at),
                Optional(element, "account", at),
                Optional(element, "region", at));
        }

        public CloudIdentityRecord Identity(JsonElement element, string at)
        {
            var provider = Provider(element, at);
            var id = Required(element, "id", at);
            var permissions = Array(element, "permissions", at, limits.MaxPermissionsPerIdentity, (permission, pat) =>
            {
                var actions = Strings(permission, "actions", pat);
                return new CloudPermissionRecord(Required(permission, "resource", pat), actions);
            });
            return new CloudIdentityRecord(provider, WorkloadIdentityRules.NormalizeId(provider, id), Optional(element, "name", at), Optional(element, "account", at), permissions);
        }

        /// <summary>A required, non-empty, bounded array of non-empty strings (deduplicated).</summary>
        private List<string> Strings(JsonElement parent, string name, string path)
        {
            var field = $"{path}.{name}";
            if (!parent.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
            {
                throw new InputException(source, field, "must be a non-empty array of role or action names.");
            }

            if (array.GetArrayLength() > limits.MaxActions)
            {
                throw new InputException(source, field, $"has {array.GetArrayLength()} entries, over the limit of {limits.MaxActions}.");
            }

            var list = new List<string>();
            var index = 0;
            foreach (var entry in array.EnumerateArray())
            {
                var at = $"{path}.{name}[{index++}]";
                if (entry.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(entry.GetString()))
                {
                    throw new InputException(source, at, "must be a non-empty string.");
                }

                list.Add(Bounded(entry.GetString()!.Trim(), at));
            }

            return list.Distinct(StringComparer.Ordinal).ToList();
        }

        private string Provider(JsonElement element, string at)
        {
            var provider = Required(element, "provider", at).ToLowerInvariant();
            return Providers.Contains(provider)
                ? provider
                : throw new InputException(source, $"{at}.provider", $"'{provider}' is not one of azure, aws, gcp.");
        }

        private string Required(JsonElement element, string name, string at)
        {
            var value = Optional(element, name, at);
            return string.IsNullOrEmpty(value) ? throw new InputException(source, $"{at}.{name}", "is required.") : value;
        }

        private string? Optional(JsonElement element, string name, string at)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw new InputException(source, $"{at}.{name}", $"must be a string, not {value.ValueKind}.");
            }

            var text = value.GetString()!.Trim();
            return text.Length == 0 ? null : Bounded(text, $"{at}.{name}");
        }

        private string Bounded(string text, string at)
        {
            if (text.Length > limits.MaxStringLength)
            {
                throw new InputException(source, at, $"is {text.Length} characters, over the limit of {limits.MaxStringLength}.");
            }

            if (text.Any(char.IsControl))
            {
                throw new InputException(source, at, "must not contain control characters.");
            }

            return text;
        }
    }
}
