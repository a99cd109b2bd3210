using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Hosting;
using OrleansReco.Grains.Segments;
using OrleansReco.Grains.Users;
using OrleansReco.Learning;

namespace OrleansReco.Benchmarks.UserMemory;

/// <summary>
/// One in-process silo for memory measurements: demo catalog, user storage that discards writes, segments off (they
/// are shared grains, not per-user state), activations never collected during the run.
/// </summary>
public static class UserMemoryCluster
{
    /// <summary>Storage of the probe grains and the users.</summary>
    public const string StorageName = UserGrainOptions.StorageName;

    /// <summary>Starts the silo.</summary>
    public static async Task<IHost> StartAsync(UserMemorySettings settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error).AddConsole();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort);
            silo.Services.AddGrainStorage(StorageName, (_, _) => new DiscardingGrainStorage());
            silo.AddMemoryGrainStorage(CatalogOptions.StorageName);
            silo.AddOrleansRecoGrains();
            silo.Services.Configure<CatalogOptions>(o => (o.DemoItems, o.Dimensions) = (settings.Items, settings.Dimensions));
            silo.Services.Configure<SegmentOptions>(o => o.Enabled = false);
            silo.Services.Configure<OnlineLearnerOptions>(o => o.ReplayCapacity = settings.ReplayCapacity);
            silo.Services.Configure<UserGrainOptions>(o => o.SeenCapacity = settings.SeenCapacity);
            silo.Services.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(2));
            if (settings.DirectoryCacheSize is { } cacheSize)
            {
                // A CacheSize of 0 fails at start-up in Orleans 10.4 (another cache is sized from it): 0 means no caching.
                silo.Services.Configure<GrainDirectoryOptions>(o =>
                {
                    if (cacheSize == 0)
                    {
                        o.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.None;
                    }
                    else
                    {
                        o.CacheSize = cacheSize;
                    }
                });
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
