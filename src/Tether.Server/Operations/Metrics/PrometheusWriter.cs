using System.Globalization;
using System.Text;
using Tether.Core.Graph;

namespace Tether.Server.Operations.Metrics;

/// <summary>The Prometheus text exposition format (version 0.0.4) of <see cref="ServerMetrics"/> and the store's counts.</summary>
public static class PrometheusWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(ServerMetrics metrics, GraphCounts? counts)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var text = new StringBuilder();
        text.Append("# HELP tether_http_requests_total HTTP requests by route template, method and status.\n# TYPE tether_http_requests_total counter\n");
        foreach (var ((route, method, status), count) in metrics.Requests)
        {
            text.Append(CultureInfo.InvariantCulture, $"tether_http_requests_total{{route=\"{Escape(route)}\",method=\"{method}\",status=\"{status}\"}} {count}\n");
        }

        text.Append("# HELP tether_http_request_duration_seconds HTTP request duration by route template.\n# TYPE tether_http_request_duration_seconds histogram\n");
        foreach (var (route, histogram) in metrics.Durations)
        {
            var (buckets, total, sum) = histogram.Snapshot();
            var label = Escape(route);
            for (var i = 0; i < buckets.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"tether_http_request_duration_seconds_bucket{{route=\"{label}\",le=\"{ServerMetrics.DurationBuckets[i]}\"}} {buckets[i]}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"tether_http_request_duration_seconds_bucket{{route=\"{label}\",le=\"+Inf\"}} {total}\n");
            text.Append(CultureInfo.InvariantCulture, $"tether_http_request_duration_seconds_sum{{route=\"{label}\"}} {sum}\n");
            text.Append(CultureInfo.InvariantCulture, $"tether_http_request_duration_seconds_count{{route=\"{label}\"}} {total}\n");
        }

        if (counts is not null)
        {
            text.Append("# HELP tether_store_nodes Stored nodes by kind.\n# TYPE tether_store_nodes gauge\n");
            foreach (var (kind, count) in counts.NodesByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"tether_store_nodes{{kind=\"{Escape(kind)}\"}} {count}\n");
            }

            text.Append("# HELP tether_store_edges Stored edges.\n# TYPE tether_store_edges gauge\n");
            text.Append(CultureInfo.InvariantCulture, $"tether_store_edges {counts.Edges}\n");
        }

        var collectors = metrics.Collectors();
        text.Append("# HELP tether_collector_runs_total Background collector runs on this replica.\n# TYPE tether_collector_runs_total counter\n");
        foreach (var c in collectors)
        {
            text.Append(CultureInfo.InvariantCulture, $"tether_collector_runs_total{{collector=\"{Escape(c.Collector)}\"}} {c.Runs}\n");
        }

        text.Append("# HELP tether_collector_failures_total Background collector runs that failed.\n# TYPE tether_collector_failures_total counter\n");
        foreach (var c in collectors)
        {
            text.Append(CultureInfo.InvariantCulture, $"tether_collector_failures_total{{collector=\"{Escape(c.Collector)}\"}} {c.Failures}\n");
        }

        text.Append("# HELP tether_collector_last_success_timestamp_seconds Unix time of the collector's last successful run.\n# TYPE tether_collector_last_success_timestamp_seconds gauge\n");
        foreach (var c in collectors.Where(c => c.LastSuccess is not null))
        {
            text.Append(CultureInfo.InvariantCulture, $"tether_collector_last_success_timestamp_seconds{{collector=\"{Escape(c.Collector)}\"}} {c.LastSuccess!.Value.ToUnixTimeSeconds()}\n");
        }

        return text.ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
