using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tether.Core.Advisories;
using Tether.Core.Graph;
using Tether.Server.Access;
using Tether.Web;
using Tether.Web.Access;

namespace Tether.Server;

/// <summary>
/// Composes the server: the stores opened by the caller (the CLI), the API and the web UI, each module added by
/// one call so the composition reads top to bottom.
/// </summary>
public static class ServerHost
{
    public static WebApplication Build(ServerSettings settings, IGraphStore graph, IAdvisoryStore advisories, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls([.. settings.Urls]);
        builder.Services.AddSingleton(graph);
        builder.Services.AddSingleton(advisories);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddTetherWeb().AddSingleton<ISignInCheck, TokenSignInCheck>();
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapTetherWeb();
        return app;
    }
}
