using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tether.Testing;

/// <summary>
/// In-process HTTP servers for tests (fakes of SaaS and Kubernetes APIs, proxies in front of real servers):
/// Kestrel on 127.0.0.1 with an ephemeral port and no logging. Map routes between <see cref="Create"/> and
/// <see cref="StartAsync"/>.
/// </summary>
public static class LoopbackServer
{
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        return builder.Build();
    }

    /// <summary>Starts the app and returns its base address (<c>http://127.0.0.1:PORT</c>).</summary>
    public static async Task<Uri> StartAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.StartAsync().ConfigureAwait(false);
        return new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}
