using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Hosting;
using OrleansReco.Grains.Users;
using OrleansReco.Learning;
using OrleansReco.Learning.Model;
using OrleansReco.Learning.Tests.Towers;
using OrleansReco.Learning.Towers;

namespace OrleansReco.Grains.Tests;

/// <summary>
/// A second in-process silo whose catalog is a model file with cold-start towers: 60 items in three genres, d = 8,
/// seeded random user and content towers (what they output does not matter; that the grains use them does).
/// </summary>
public sealed class TowerClusterFixture : IAsyncLifetime
{
    public const int Dimensions = 8;
    public static readonly string[] Genres = ["Action", "Comedy", "Drama"];

    private static readonly string ModelPath = Path.Combine(Path.GetTempPath(), $"orleansreco-towers-{Environment.ProcessId}.orm");

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public TowerSet Towers { get; } = BuildTowers();

    public ItemModel Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = BuildModel(Towers);
        ItemModelFile.Write(ModelPath, Model);
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        File.Delete(ModelPath);
    }

    private static TowerSet BuildTowers()
    {
        var users = TowerFixtures.UserEncoder();
        var content = TowerFixtures.ContentEncoder();
        return new TowerSet(
            new ColdStartTower(users, TowerFixtures.RandomTower(users.FeatureCount, 16, Dimensions, TowerActivation.Relu, 11)),
            new ContentTower(content, TowerFixtures.RandomTower(content.FeatureCount, 12, Dimensions, TowerActivation.Relu, 12)));
    }

    private static ItemModel BuildModel(TowerSet towers)
    {
        var random = new DeterministicRandom(5);
        var entries = new List<ItemModelEntry>();
        var vectors = new float[60 * Dimensions];
        for (var i = 0; i < 60; i++)
        {
            var genre = Genres[i % Genres.Length];
            entries.Add(new ItemModelEntry($"m{i + 1}", $"{genre} film {i + 1} ({1980 + i})", [genre]));
            towers.Content!.Embed(entries[^1], vectors.AsSpan(i * Dimensions, Dimensions));
            for (var j = 0; j < Dimensions; j++)
            {
                vectors[(i * Dimensions) + j] += 0.3f * random.NextGaussian();
            }
        }

        var blobs = new Dictionary<string, TowerWeights>();
        var metadata = new Dictionary<string, string> { ["algorithm"] = "test" };
        towers.Write(blobs, metadata);
        return new ItemModel(3, Dimensions, entries, vectors, blobs, metadata);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddOrleansRecoGrains();
            siloBuilder.AddMemoryGrainStorage(CatalogOptions.StorageName);
            siloBuilder.AddMemoryGrainStorage(UserGrainOptions.StorageName);
            siloBuilder.Services.Configure<CatalogOptions>(o => o.ModelPath = ModelPath);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TowerClusterCollection : ICollectionFixture<TowerClusterFixture>
{
    public const string Name = "tower cluster";
}
