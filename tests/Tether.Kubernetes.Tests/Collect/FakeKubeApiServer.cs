using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Tether.Testing;

namespace Tether.Kubernetes.Tests.Collect;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 that replays recorded objects: list endpoints for the kinds
/// Tether collects (cluster-wide and namespaced, paged with limit/continue, with list resourceVersions) and a pod
/// watch stream (newline-delimited ADDED/MODIFIED/DELETED events, resumed from resourceVersion, 410 when expired).
/// </summary>
internal sealed class FakeKubeApiServer : IAsyncDisposable
{
    private static readonly Dictionary<string, Resource> Resources = new()
    {
        ["Namespace"] = new("/api/v1", "namespaces", "v1", "NamespaceList", Namespaced: false),
        ["Pod"] = new("/api/v1", "pods", "v1", "PodList", Namespaced: true),
        ["Service"] = new("/api/v1", "services", "v1", "ServiceList", Namespaced: true),
        ["ServiceAccount"] = new("/api/v1", "serviceaccounts", "v1", "ServiceAccountList", Namespaced: true),
        ["Deployment"] = new("/apis/apps/v1", "deployments", "apps/v1", "DeploymentList", Namespaced: true),
        ["ReplicaSet"] = new("/apis/apps/v1", "replicasets", "apps/v1", "ReplicaSetList", Namespaced: true),
        ["StatefulSet"] = new("/apis/apps/v1", "statefulsets", "apps/v1", "StatefulSetList", Namespaced: true),
        ["DaemonSet"] = new("/apis/apps/v1", "daemonsets", "apps/v1", "DaemonSetList", Namespaced: true),
        ["Job"] = new("/apis/batch/v1", "jobs", "batch/v1", "JobList", Namespaced: true),
        ["CronJob"] = new("/apis/batch/v1", "cronjobs", "batch/v1", "CronJobList", Namespaced: true),
        ["Ingress"] = new("/apis/networking.k8s.io/v1", "ingresses", "networking.k8s.io/v1", "IngressList", Namespaced: true),
        ["NetworkPolicy"] = new("/apis/networking.k8s.io/v1", "networkpolicies", "networking.k8s.io/v1", "NetworkPolicyList", Namespaced: true),
    };

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<(string Kind, JsonObject Object)> _objects = [];
    private readonly List<(long Version, string Type, JsonObject Object)> _podEvents = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version = 1000;
    private long _expiredBelow;

    private FakeKubeApiServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Every request's path and query, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Resources (plural, e.g. <c>networkpolicies</c>) answered with 403.</summary>
    public ConcurrentDictionary<string, bool> Forbidden { get; } = new();

    public static async Task<FakeKubeApiServer> StartAsync()
    {
        var app = LoopbackServer.Create();
        var server = new FakeKubeApiServer(app);
        app.Run(server.HandleAsync);
        server.Url = await LoopbackServer.StartAsync(app);
        return server;
    }

    /// <summary>Serves <paramref name="obj"/> (a recorded object with apiVersion and kind) from now on.</summary>
    public void Add(JsonObject obj)
    {
        lock (_gate)
        {
            var kind = (string)obj["kind"]!;
            Stamp(obj);
            _objects.Add((kind, obj));
        }
    }

    public void Remove(string kind, string ns, string name)
    {
        lock (_gate)
        {
            _objects.RemoveAll(o => o.Kind == kind && Namespace(o.Object) == ns && Name(o.Object) == name);
        }
    }

    /// <summary>Applies a pod change and publishes it to watchers as <paramref name="type"/> (ADDED, MODIFIED, DELETED).</summary>
    public void PodEvent(string type, JsonObject pod)
    {
        lock (_gate)
        {
            var version = Stamp(pod);
            _objects.RemoveAll(o => o.Kind == "Pod" && Namespace(o.Object) == Namespace(pod) && Name(o.Object) == Name(pod));
            if (type != "DELETED")
            {
                _objects.Add(("Pod", pod));
            }

            _podEvents.Add((version, type, (JsonObject)pod.DeepClone()));
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.SetResult();
        }
    }

    /// <summary>Makes every resourceVersion issued so far too old to watch from (410 Gone), as after etcd compaction.</summary>
    public void ExpireVersions()
    {
        lock (_gate)
        {
            // Lists from now on report a newer version, which is watchable.
            _expiredBelow = ++_version;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private long Stamp(JsonObject obj)
    {
        var version = ++_version;
        obj["metadata"]!["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        return version;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue(request.Path + request.QueryString);
        var (resource, kind, ns) = Route(request.Path.Value ?? "");
        if (resource is null || kind is null || request.Method != "GET")
        {
            await WriteStatusAsync(context, 404, "NotFound", $"the server could not find the requested resource {request.Path}");
            return;
        }

        if (Forbidden.ContainsKey(resource.Plural))
        {
            await WriteStatusAsync(context, 403, "Forbidden", $"{resource.Plural} is forbidden: User \"tester\" cannot list resource \"{resource.Plural}\"");
            return;
        }

        if (request.Query["watch"] is var watch && (watch == "1" || watch == "true"))
        {
            await WatchAsync(context, ns, long.TryParse(request.Query["resourceVersion"], CultureInfo.InvariantCulture, out var from) ? from : 0);
            return;
        }

        JsonArray items;
        string version;
        string? next = null;
        lock (_gate)
        {
            var all = _objects.Where(o => o.Kind == kind && (ns is null || Namespace(o.Object) == ns)).Select(o => o.Object).ToList();
            var offset = int.TryParse(request.Query["continue"], CultureInfo.InvariantCulture, out var c) ? c : 0;
            var limit = int.TryParse(request.Query["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
            var page = all.Skip(offset).Take(limit).ToList();
            if (offset + page.Count < all.Count)
            {
                next = (offset + page.Count).ToString(CultureInfo.InvariantCulture);
            }

            // API servers leave kind and apiVersion out of list items.
            items = new JsonArray(page.Select(o =>
            {
                var item = (JsonObject)o.DeepClone();
                item.Remove("kind");
                item.Remove("apiVersion");
                return (JsonNode)item;
            }).ToArray());
            version = _version.ToString(CultureInfo.InvariantCulture);
        }

        var metadata = new JsonObject { ["resourceVersion"] = version };
        if (next is not null)
        {
            metadata["continue"] = next;
        }

        var list = new JsonObject { ["kind"] = resource.ListKind, ["apiVersion"] = resource.ApiVersion, ["metadata"] = metadata, ["items"] = items };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(list.ToJsonString());
    }

    private async Task WatchAsync(HttpContext context, string? ns, long from)
    {
        context.Response.ContentType = "application/json";
        if (from < Interlocked.Read(ref _expiredBelow))
        {
            var gone = new JsonObject
            {
                ["type"] = "ERROR",
                ["object"] = new JsonObject
                {
                    ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure",
                    ["message"] = $"too old resource version: {from}", ["reason"] = "Expired", ["code"] = 410,
                },
            };
            await context.Response.WriteAsync(gone.ToJsonString() + "\n");
            return;
        }

        var aborted = context.RequestAborted;
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                List<(long Version, string Type, JsonObject Object)> pending;
                Task changed;
                lock (_gate)
                {
                    pending = _podEvents.Where(e => e.Version > from && (ns is null || Namespace(e.Object) == ns)).ToList();
                    changed = _changed.Task;
                }

                foreach (var (version, type, obj) in pending)
                {
                    await context.Response.WriteAsync(new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n", aborted);
                    from = version;
                }

                await context.Response.Body.FlushAsync(aborted);
                await changed.WaitAsync(aborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client hung up.
        }
    }

    private static async Task WriteStatusAsync(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        var status = new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(),
            ["status"] = "Failure", ["message"] = message, ["reason"] = reason, ["code"] = code,
        };
        await context.Response.WriteAsync(status.ToJsonString());
    }

    /// <summary><c>/api/v1/pods</c>, <c>/api/v1/namespaces/NS/pods</c>, <c>/apis/apps/v1/deployments</c>…</summary>
    private static (Resource? Resource, string? Kind, string? Namespace) Route(string path)
    {
        foreach (var (kind, resource) in Resources)
        {
            if (!path.StartsWith(resource.Prefix + "/", StringComparison.Ordinal))
            {
                continue;
            }

            var rest = path[(resource.Prefix.Length + 1)..].Split('/');
            if (rest.Length == 1 && rest[0] == resource.Plural)
            {
                return (resource, kind, null);
            }

            if (resource.Namespaced && rest.Length == 3 && rest[0] == "namespaces" && rest[2] == resource.Plural)
            {
                return (resource, kind, rest[1]);
            }
        }

        return (null, null, null);
    }

    private static string? Namespace(JsonObject obj) => (string?)obj["metadata"]?["namespace"];

    private static string? Name(JsonObject obj) => (string?)obj["metadata"]?["name"];

    private sealed record Resource(string Prefix, string Plural, string ApiVersion, string ListKind, bool Namespaced);
}
