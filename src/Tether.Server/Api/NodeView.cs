using System.Text.Json;
using Tether.Core.Graph;

namespace Tether.Server.Api;

/// <summary>A stored node as the API shows it: identity, observation window and its facts as stored.</summary>
public sealed record NodeView(string Kind, string Key, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, DateTimeOffset? EndedAt, JsonElement Facts)
{
    public static NodeView Of(StoredNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var facts = JsonDocument.Parse(node.PropertiesJson);
        return new NodeView(node.Kind, node.Key, node.FirstSeen, node.LastSeen, node.EndedAt, facts.RootElement.Clone());
    }
}
