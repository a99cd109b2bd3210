using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace OrleansReco.Persistence.Tests.Fixtures;

/// <summary>
/// One in-process silo with one grain storage provider named <see cref="StorageName"/>; tests call the provider's
/// <see cref="IGrainStorage"/> directly, resolved as the keyed service the silo's grains would get.
/// </summary>
public abstract class StorageSiloFixture : IAsyncLifetime
{
    public const string StorageName = "contract";

    private InProcessTestCluster? _cluster;

    public IServiceProvider SiloServices => _cluster?.Silos[0].ServiceProvider
        ?? throw new InvalidOperationException("The silo has not started.");

    public IGrainStorage Storage => SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageName);

    /// <summary>Service id of the test cluster (part of the AzureTable partition key).</summary>
    public string ServiceId => _cluster?.Options.ServiceId ?? throw new InvalidOperationException("The silo has not started.");

    public async Task InitializeAsync()
    {
        await StartDependenciesAsync();
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.InitializeClientOnDeploy = false;
        builder.ConfigureSilo((_, silo) => ConfigureStorage(silo));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        await StopDependenciesAsync();
    }

    /// <summary>Registers the provider under <see cref="StorageName"/> (and any others a provider's tests need).</summary>
    protected abstract void ConfigureStorage(ISiloBuilder silo);

    protected virtual Task StartDependenciesAsync() => Task.CompletedTask;

    protected virtual Task StopDependenciesAsync() => Task.CompletedTask;
}

/// <summary>Orleans' memory grain storage (kept in grains, so it needs the silo).</summary>
public sealed class MemoryStorageFixture : StorageSiloFixture
{
    protected override void ConfigureStorage(ISiloBuilder silo) => silo.AddMemoryGrainStorage(StorageName);
}

/// <summary>The official Redis grain storage on a redis-server child process.</summary>
public sealed class RedisStorageFixture : StorageSiloFixture
{
    public RedisFixture Redis { get; } = new();

    protected override void ConfigureStorage(ISiloBuilder silo) =>
        silo.AddRedisGrainStorage(StorageName, o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(Redis.Configuration));

    protected override Task StartDependenciesAsync() => Redis.InitializeAsync();

    protected override Task StopDependenciesAsync() => Redis.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class MemoryStorageCollection : ICollectionFixture<MemoryStorageFixture>
{
    public const string Name = "memory storage";
}

[CollectionDefinition(Name)]
public sealed class RedisStorageCollection : ICollectionFixture<RedisStorageFixture>
{
    public const string Name = "redis storage";
}
