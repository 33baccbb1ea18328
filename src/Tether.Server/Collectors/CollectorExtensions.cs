using Microsoft.Extensions.DependencyInjection;

namespace Tether.Server.Collectors;

/// <summary>Registers the configured collectors and their scheduler (none configured: no scheduler runs).</summary>
public static class CollectorExtensions
{
    public static IServiceCollection AddTetherCollectors(this IServiceCollection services, CollectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        if (settings.Kubernetes is { } kubernetes)
        {
            services.AddSingleton(kubernetes);
            services.AddSingleton<ICollectorJob, KubernetesJob>();
        }

        if (settings.Registry is { } registry)
        {
            services.AddSingleton(registry);
            services.AddSingleton<ICollectorJob, RegistryJob>();
        }

        if (settings.Advisories is { } advisories)
        {
            services.AddSingleton(advisories);
            services.AddSingleton<ICollectorJob, AdvisoryJob>();
        }

        services.AddSingleton<CollectorScheduler>();
        if (settings.Kubernetes is not null || settings.Registry is not null || settings.Advisories is not null)
        {
            services.AddHostedService(sp => sp.GetRequiredService<CollectorScheduler>());
        }

        return services;
    }
}
