using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Hosting;
using OrleansReco.Grains.Ranking;
using OrleansReco.Grains.Users;

namespace OrleansReco.Grains.Tests;

/// <summary>One in-process silo shared by every grain test: a 240-item, 8-genre demo catalog.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int Items = 240;
    public const int Genres = 8;

    /// <summary>Requests from this device strongly boost <see cref="ContextCategory"/> (no other test sends a context).</summary>
    public const string ContextDevice = "context-test-tv";

    public const string ContextCategory = "Documentary";

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.StopAllSilosAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => ConfigureSilo(siloBuilder);
    }

    /// <summary>The silo every cluster fixture of these tests starts from.</summary>
    internal static void ConfigureSilo(ISiloBuilder siloBuilder)
    {
        siloBuilder.AddOrleansRecoGrains();
        siloBuilder.AddMemoryGrainStorage(CatalogOptions.StorageName);
        siloBuilder.Services.AddGrainStorage(UserGrainOptions.StorageName,
            (sp, _) => ActivatorUtilities.CreateInstance<RecordingGrainStorage>(sp));
        siloBuilder.Services.Configure<CatalogOptions>(o =>
        {
            o.DemoItems = Items;
            o.DemoGenres = Genres;
            o.Dimensions = 32;
            o.ResubscribeSeconds = 3600; // so a test that sees a change within seconds saw a notification, not a poll
        });
        siloBuilder.Services.Configure<RankingOptions>(o => o.ContextRules = [new ContextBoostRule { Device = ContextDevice, Category = ContextCategory, Boost = 10f }]);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
