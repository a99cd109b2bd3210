using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Hosting;
using OrleansReco.Grains.Ranking;
using OrleansReco.Grains.Segments;
using OrleansReco.Grains.Users;
using OrleansReco.Hosting;
using OrleansReco.Learning;
using OrleansReco.LoadTests.Ingest;
using OrleansReco.TestServices;

namespace OrleansReco.LoadTests.Targets;

/// <summary>
/// Real silos in this process (localhost clustering on free loopback ports, seeded demo catalog), with the chosen user
/// storage behind a write counter; Redis or Azurite is started on loopback when the storage needs it.
/// </summary>
public sealed class InProcessTarget : GrainTarget
{
    private readonly List<IHost> _hosts;
    private readonly IAsyncDisposable? _service;

    private InProcessTarget(List<IHost> hosts, IAsyncDisposable? service, CountingHandle? counter, InProcessClusterOptions options, int gatewayPort)
    {
        (_hosts, _service, Counter, Options, GatewayPort) = (hosts, service, counter, options, gatewayPort);
        Collection = hosts[0].Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
    }

    /// <inheritdoc />
    public override string Description => $"in-process cluster: {Options.Silos} silo(s), {Options.Storage} storage, {Options.Items:N0} items × d={Options.Dimensions}, " +
        $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC";

    /// <summary>The options it was started with.</summary>
    public InProcessClusterOptions Options { get; }

    /// <summary>Counts user storage writes (null with <see cref="LoadStorage.Discard"/>).</summary>
    public CountingHandle? Counter { get; }

    /// <summary>The first silo's activation collection settings.</summary>
    public GrainCollectionOptions Collection { get; }

    /// <summary>The first silo's Orleans client gateway port (cluster id and service id: Orleans' localhost default, "dev").</summary>
    public int GatewayPort { get; }

    /// <summary>The first silo's services.</summary>
    public IServiceProvider Services => _hosts[0].Services;

    /// <inheritdoc />
    protected override IGrainFactory Grains => _hosts[0].Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts the backing service (if any) and the silos; returns when the catalog is served.</summary>
    public static async Task<InProcessTarget> StartAsync(InProcessClusterOptions options, TextWriter log)
    {
        IAsyncDisposable? service = null;
        var storage = new StorageOptions();
        switch (options.Storage)
        {
            case LoadStorage.Redis:
                var redis = await RedisServer.StartAsync();
                (service, storage.Provider, storage.ConnectionString) = (redis, StorageProvider.Redis, redis.ConnectionString);
                log.WriteLine($"redis-server on 127.0.0.1:{redis.Port}");
                break;
            case LoadStorage.AzureTable:
                var azurite = await AzuriteTables.StartAsync();
                (service, storage.Provider, storage.ConnectionString) = (azurite, StorageProvider.AzureTable, azurite.ConnectionString);
                log.WriteLine($"Azurite tables on 127.0.0.1:{azurite.Port}");
                break;
        }

        var hosts = new List<IHost>();
        CountingHandle? counter = null;
        var primaryPort = FreePorts.Next();
        var firstGatewayPort = 0;
        for (var s = 0; s < options.Silos; s++)
        {
            var siloPort = s == 0 ? primaryPort : FreePorts.Next();
            var gatewayPort = FreePorts.Next();
            firstGatewayPort = s == 0 ? gatewayPort : firstGatewayPort;
            var host = BuildSilo(options, storage, siloPort, gatewayPort, new IPEndPoint(IPAddress.Loopback, primaryPort), out var siloCounter);
            counter ??= siloCounter;
            await host.StartAsync();
            hosts.Add(host);
        }

        // Build every silo's item index now: the first calls would otherwise wait for it (minutes for 100k items on a busy
        // machine) and time out.
        foreach (var host in hosts)
        {
            await host.Services.GetRequiredService<IItemIndexReplica>().GetAsync();
        }

        return new InProcessTarget(hosts, service, counter, options, firstGatewayPort);
    }

    private static IHost BuildSilo(InProcessClusterOptions options, StorageOptions storage, int siloPort, int gatewayPort, IPEndPoint primary, out CountingHandle? counter)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error).AddConsole();
        CountingHandle? handle = null;
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, primary);
            if (options.Storage == LoadStorage.Discard)
            {
                DiscardingGrainStorage.Add(silo, UserGrainOptions.StorageName);
            }
            else
            {
                silo.AddOrleansRecoStorage(storage, UserGrainOptions.StorageName);
                handle = CountingGrainStorage.Decorate(silo.Services, UserGrainOptions.StorageName);
            }

            silo.AddOrleansRecoStorage(new StorageOptions(), CatalogOptions.StorageName); // memory, as the embedded host's
            silo.AddOrleansRecoGrains();
            silo.Services.Configure<CatalogOptions>(o => (o.DemoItems, o.Dimensions, o.Seed) = (options.Items, options.Dimensions, options.Seed));
            silo.Services.Configure<SegmentOptions>(o => o.Enabled = options.Segments);
            if (options.SeenCapacity is { } seen)
            {
                silo.Services.Configure<UserGrainOptions>(o => o.SeenCapacity = seen);
            }

            if (options.ReplayCapacity is { } replay)
            {
                silo.Services.Configure<OnlineLearnerOptions>(o => o.ReplayCapacity = replay);
            }

            if (options.Optimizer is { } optimizer)
            {
                silo.Services.Configure<OnlineLearnerOptions>(o => o.Optimizer = optimizer);
            }

            if (options.CollectionAge is { } age)
            {
                silo.Services.Configure<GrainCollectionOptions>(o => o.CollectionAge = age);
            }
        });
        counter = handle;
        return builder.Build();
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            await _hosts[i].StopAsync();
            _hosts[i].Dispose();
        }

        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
