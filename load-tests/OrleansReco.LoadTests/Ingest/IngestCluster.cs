using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Hosting;
using OrleansReco.Grains.Users;
using OrleansReco.Hosting;
using OrleansReco.TestServices;

namespace OrleansReco.LoadTests.Ingest;

/// <summary>
/// One in-process silo (localhost clustering, free ports, demo catalog) whose <c>users</c> storage is the chosen provider,
/// behind a write counter; Redis or Azurite is started on loopback when the provider needs it.
/// </summary>
public sealed class IngestCluster : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly IAsyncDisposable? _service;

    private IngestCluster(IHost host, IAsyncDisposable? service, CountingHandle counter) => (_host, _service, Counter) = (host, service, counter);

    /// <summary>Counts the <c>users</c> storage operations.</summary>
    public CountingHandle Counter { get; }

    /// <summary>The silo's grain factory.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts the backing service (if any) and the silo.</summary>
    public static async Task<IngestCluster> StartAsync(IngestSettings settings, TextWriter output)
    {
        IAsyncDisposable? service = null;
        var storage = new StorageOptions { Provider = settings.Provider };
        if (settings.Provider == StorageProvider.Redis)
        {
            var redis = await RedisServer.StartAsync();
            (service, storage.ConnectionString) = (redis, redis.ConnectionString);
            output.WriteLine($"redis-server on 127.0.0.1:{redis.Port}");
        }
        else if (settings.Provider == StorageProvider.AzureTable)
        {
            var azurite = await AzuriteTables.StartAsync();
            (service, storage.ConnectionString) = (azurite, azurite.ConnectionString);
            output.WriteLine($"Azurite tables on 127.0.0.1:{azurite.Port}");
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error).AddConsole();
        CountingHandle? counter = null;
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePorts.Next(), FreePorts.Next());
            silo.AddOrleansRecoStorage(storage, UserGrainOptions.StorageName);
            silo.AddMemoryGrainStorage(CatalogOptions.StorageName);
            counter = CountingGrainStorage.Decorate(silo.Services, UserGrainOptions.StorageName);
            silo.AddOrleansRecoGrains();
            silo.Services.Configure<CatalogOptions>(o => (o.DemoItems, o.Seed) = (settings.Items, (int)settings.Seed));
            silo.Services.Configure<OrleansReco.Grains.Segments.SegmentOptions>(o => o.Enabled = settings.Segments);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new IngestCluster(host, service, counter!);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
