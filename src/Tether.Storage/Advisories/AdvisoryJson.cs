using System.Buffers;
using System.Text;
using System.Text.Json;
using Tether.Core.Advisories;

namespace Tether.Storage.Advisories;

/// <summary>
/// The JSON text of list columns. Ranges and severities are written in OSV's own shape
/// (<c>[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.2"}]}]</c>) so a stored row reads like the
/// record it came from; free-form <c>database_specific</c> objects are embedded as given.
/// </summary>
internal static class AdvisoryJson
{
    public static string Strings(IReadOnlyList<string> values) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    });

    public static IReadOnlyList<string> ReadStrings(string json)
    {
        if (json == "[]")
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(item => item.GetString()!)];
    }

    public static string Severities(IReadOnlyList<SeverityScore> severities) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var severity in severities)
        {
            writer.WriteStartObject();
            writer.WriteString("type", severity.Type);
            writer.WriteString("score", severity.Score);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static IReadOnlyList<SeverityScore> ReadSeverities(string json)
    {
        if (json == "[]")
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(item =>
            new SeverityScore(item.GetProperty("type").GetString()!, item.GetProperty("score").GetString()!))];
    }

    public static string Ranges(IReadOnlyList<AffectedRange> ranges) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var range in ranges)
        {
            writer.WriteStartObject();
            writer.WriteString("type", range.Type);
            if (range.Repo is not null)
            {
                writer.WriteString("repo", range.Repo);
            }

            writer.WriteStartArray("events");
            foreach (var e in range.Events)
            {
                writer.WriteStartObject();
                writer.WriteString(e.Name, e.Version);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (range.DatabaseSpecific is not null)
            {
                writer.WritePropertyName("database_specific");
                writer.WriteRawValue(range.DatabaseSpecific);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static IReadOnlyList<AffectedRange> ReadRanges(string json)
    {
        using var document = JsonDocument.Parse(json);
        var ranges = new List<AffectedRange>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var events = new List<RangeEvent>();
            foreach (var e in item.GetProperty("events").EnumerateArray())
            {
                foreach (var member in e.EnumerateObject())
                {
                    if (RangeEvent.TryParseName(member.Name, out var kind))
                    {
                        events.Add(new RangeEvent(kind, member.Value.GetString()!));
                    }
                }
            }

            ranges.Add(new AffectedRange(item.GetProperty("type").GetString()!, events)
            {
                Repo = item.TryGetProperty("repo", out var repo) ? repo.GetString() : null,
                DatabaseSpecific = item.TryGetProperty("database_specific", out var specific) ? specific.GetRawText() : null,
            });
        }

        return ranges;
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
