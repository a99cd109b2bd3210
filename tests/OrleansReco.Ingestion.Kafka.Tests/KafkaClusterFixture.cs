using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Hosting;
using OrleansReco.Grains.Users;

namespace OrleansReco.Ingestion.Kafka.Tests;

/// <summary>One in-process silo (200-item demo catalog, memory storage, Kafka options bound but the hosted consumer off) and a mock Kafka cluster.</summary>
public sealed class KafkaClusterFixture : IAsyncLifetime
{
    public const int Items = 200;

    public TestCluster Cluster { get; private set; } = null!;

    internal KafkaMockCluster Kafka { get; private set; } = null!;

    /// <summary>The silo's own services: a worker built from them calls grains in-process, as the hosted consumer does.</summary>
    public IServiceProvider SiloServices => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services;

    public async Task InitializeAsync()
    {
        Kafka = new KafkaMockCluster(brokers: 3);
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        Kafka.Dispose();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddOrleansRecoGrains();
            siloBuilder.AddKafkaIngestion();
            siloBuilder.AddMemoryGrainStorage(CatalogOptions.StorageName);
            siloBuilder.AddMemoryGrainStorage(UserGrainOptions.StorageName);
            siloBuilder.Services.Configure<CatalogOptions>(o =>
            {
                o.DemoItems = Items;
                o.DemoGenres = 8;
                o.Dimensions = 32;
            });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class KafkaClusterCollection : ICollectionFixture<KafkaClusterFixture>
{
    public const string Name = "kafka";
}
