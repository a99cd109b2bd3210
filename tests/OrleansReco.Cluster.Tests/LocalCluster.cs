using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansReco.Hosting;
using OrleansReco.TestServices;

namespace OrleansReco.Cluster.Tests;

/// <summary>
/// A real multi-process cluster on loopback: Azurite and redis-server, N silo processes of the <c>multi-silo</c> shape
/// (Redis clustering, <paramref name="storage"/> grain storage), and an Orleans client in the test process.
/// </summary>
public sealed class LocalCluster(StorageProvider storage) : IAsyncDisposable
{
    private readonly List<SiloProcess> _silos = [];
    private readonly string _clusterId = $"test-{Guid.NewGuid():N}";
    private AzuriteTables? _azurite;
    private RedisServer? _redis;
    private IHost? _client;

    /// <summary>The running silos (killed ones included).</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The client's grain factory.</summary>
    public IGrainFactory Grains => _client!.Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts the services, <paramref name="silos"/> silos (in parallel) and the client.</summary>
    public async Task StartAsync(int silos)
    {
        var services = await Task.WhenAll(Task.Run(async () => (object)await RedisServer.StartAsync()),
            storage == StorageProvider.AzureTable ? Task.Run(async () => (object)await AzuriteTables.StartAsync()) : Task.FromResult<object>(null!));
        _redis = (RedisServer)services[0];
        _azurite = services[1] as AzuriteTables;
        await StartSilosAsync(silos);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleansClient(client =>
        {
            client.UseOrleansRecoClustering(Membership());
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2)); // find restarted silos soon

        });
        _client = builder.Build();
        await _client.StartAsync();
    }

    /// <summary>Starts more silos of this cluster and waits until they are healthy.</summary>
    public async Task StartSilosAsync(int count)
    {
        var started = new List<SiloProcess>();
        for (var i = 0; i < count; i++)
        {
            started.Add(SiloProcess.Start($"silo-{_silos.Count + i + 1}", "multi-silo", Settings()));
        }

        _silos.AddRange(started);
        await Task.WhenAll(started.Select(s => s.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))));
    }

    /// <summary>Stops every running silo cleanly.</summary>
    public async Task StopSilosAsync() => await Task.WhenAll(_silos.Where(s => s.IsRunning).Select(s => s.StopAsync()));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is OperationCanceledException or OrleansException)
            {
                // the cluster may already be gone
            }

            _client.Dispose();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private ClusterConnectionOptions Membership() => new()
    {
        Clustering = ClusteringProvider.Redis, RedisConnectionString = _redis!.ConnectionString, ClusterId = _clusterId, ServiceId = "orleansreco-test",
    };

    private Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>
        {
            ["OrleansReco:Silo:ClusterId"] = _clusterId,
            ["OrleansReco:Silo:ServiceId"] = "orleansreco-test",
            ["OrleansReco:Silo:RedisConnectionString"] = _redis!.ConnectionString,
            ["OrleansReco:Storage:Provider"] = storage.ToString(),
            ["OrleansReco:Storage:ConnectionString"] = storage == StorageProvider.AzureTable ? _azurite!.ConnectionString : _redis.ConnectionString,
        };
        return settings;
    }
}
