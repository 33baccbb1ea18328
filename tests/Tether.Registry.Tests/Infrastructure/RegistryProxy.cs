using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Tether.Testing;

namespace Tether.Registry.Tests.Infrastructure;

/// <summary>
/// A reverse proxy on 127.0.0.1 in front of a real registry, to inject the faults a real registry will not
/// produce on demand: tampered or cut-off bodies, 429/503 bursts, redirects, pagination, wrong content types.
/// Requests pass through untouched unless <see cref="Intercept"/> handles them or <see cref="Transform"/>
/// rewrites the upstream answer.
/// </summary>
public sealed class RegistryProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private int _requests;

    private RegistryProxy(WebApplication app, string upstream)
    {
        _app = app;
        Upstream = upstream;
    }

    public string Host { get; private set; } = "";

    public string Upstream { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Handles a request itself (return true) instead of forwarding it.</summary>
    public Func<HttpContext, Task<bool>>? Intercept { get; set; }

    /// <summary>Rewrites a forwarded answer before it is sent back.</summary>
    public Func<HttpRequest, ProxiedResponse, ProxiedResponse>? Transform { get; set; }

    public static async Task<RegistryProxy> StartAsync(string upstream)
    {
        var app = LoopbackServer.Create();
        var proxy = new RegistryProxy(app, upstream);
        app.Run(proxy.HandleAsync);
        proxy.Host = (await LoopbackServer.StartAsync(app)).Authority;
        return proxy;
    }

    /// <summary>Fetches from the upstream registry directly (for interceptors serving real content).</summary>
    public async Task<ProxiedResponse> FetchUpstreamAsync(string pathAndQuery, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{Upstream}{pathAndQuery}");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await SendUpstreamAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (Intercept is { } intercept && await intercept(context))
        {
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), $"http://{Upstream}{context.Request.Path}{context.Request.QueryString}");
        foreach (var name in new[] { "Authorization", "Accept" })
        {
            if (context.Request.Headers.TryGetValue(name, out var values))
            {
                request.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        var response = await SendUpstreamAsync(request);
        if (Transform is { } transform)
        {
            response = transform(context.Request, response);
        }

        await WriteAsync(context, response);
    }

    public static async Task WriteAsync(HttpContext context, ProxiedResponse response)
    {
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.CutAfter is { } cut)
        {
            // Announce the whole body, send part of it, and drop the connection.
            context.Response.ContentLength = response.Body.Length;
            await context.Response.Body.WriteAsync(response.Body.AsMemory(0, cut));
            await context.Response.Body.FlushAsync();
            // Let the headers and the partial body reach the client before the connection is reset.
            await Task.Delay(response.StallFor ?? TimeSpan.FromMilliseconds(200));
            context.Abort();
            return;
        }

        context.Response.ContentLength = response.Body.Length;
        await context.Response.Body.WriteAsync(response.Body);
    }

    private async Task<ProxiedResponse> SendUpstreamAsync(HttpRequestMessage request)
    {
        using var response = await _upstream.SendAsync(request);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is "Content-Type" or "Docker-Content-Digest" or "Link" or "WWW-Authenticate" or "Location" or "Retry-After" or "Docker-Distribution-Api-Version")
            {
                headers[name] = string.Join(", ", values);
            }
        }

        return new ProxiedResponse((int)response.StatusCode, headers, await response.Content.ReadAsByteArrayAsync());
    }
}

/// <summary>
/// An answer as the proxy will send it. <see cref="CutAfter"/> truncates the body after that many bytes, then
/// drops the connection after <see cref="StallFor"/>.
/// </summary>
public sealed record ProxiedResponse(int Status, Dictionary<string, string> Headers, byte[] Body, int? CutAfter = null, TimeSpan? StallFor = null);
