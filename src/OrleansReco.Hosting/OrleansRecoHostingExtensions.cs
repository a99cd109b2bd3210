using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Storage;
using OrleansReco.Persistence.AzureTable;
using StackExchange.Redis;

namespace OrleansReco.Hosting;

/// <summary>Clustering and storage of OrleansReco's hosts, chosen by configuration.</summary>
public static class OrleansRecoHostingExtensions
{
    /// <summary>Joins the cluster the options describe: localhost clustering or a Redis membership table.</summary>
    public static ISiloBuilder UseOrleansRecoClustering(this ISiloBuilder silo, ClusterConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Clustering == ClusteringProvider.Localhost)
        {
            return silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }

        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));
        silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(options.RedisConnectionString!));
        if (IPAddress.TryParse(options.AdvertisedHost, out var address))
        {
            silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, options.ListenOnAnyHostAddress);
        }
        else
        {
            silo.ConfigureEndpoints(options.AdvertisedHost, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: options.ListenOnAnyHostAddress);
        }

        return silo;
    }

    /// <summary>Connects an Orleans client (e.g. a standalone gateway) to the cluster the options describe.</summary>
    public static IClientBuilder UseOrleansRecoClustering(this IClientBuilder client, ClusterConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Clustering == ClusteringProvider.Localhost)
        {
            return client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        }

        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));
        return client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(options.RedisConnectionString!));
    }

    /// <summary>Registers each named grain storage with the configured provider.</summary>
    public static ISiloBuilder AddOrleansRecoStorage(this ISiloBuilder silo, StorageOptions options, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var name in names)
        {
            switch (options.Provider)
            {
                case StorageProvider.Memory:
                    // Orleans' binary serializer rather than the provider's default JSON: the state never leaves the process, and
                    // the JSON write was most of an interaction batch's cost (load harness: 75k vs 131k interactions/s).
                    silo.AddMemoryGrainStorage(name, builder => builder.Configure<IServiceProvider>((o, services) => o.GrainStorageSerializer = Binary(services)));
                    break;
                case StorageProvider.Redis:
                    silo.AddRedisGrainStorage(name, builder => builder.Configure<IServiceProvider>((o, services) =>
                    {
                        o.ConfigurationOptions = ConfigurationOptions.Parse(options.ConnectionString!);
                        o.DeleteStateOnClear = true; // erasure must remove the data, not write an empty record
                        o.GrainStorageSerializer = Binary(services);
                    }));
                    break;
                case StorageProvider.AzureTable:
                    silo.AddAzureTableGrainStorage(name, o => (o.ConnectionString, o.TableName) = (options.ConnectionString, options.TableName));
                    break;
                default:
                    throw new NotSupportedException($"Unknown storage provider {options.Provider}.");
            }
        }

        return silo;
    }

    /// <summary>Orleans' binary storage serializer: compact, exact floats; what the memory and Redis providers store.</summary>
    private static OrleansGrainStorageSerializer Binary(IServiceProvider services) => ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
}
